package io.ssehub.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * This JVM's CPU use since the last sample and its resident memory, as seed 002's {@code /monitor} shows them.
 * Sampled on a timer, so that a request is answered at once from the last sample, never by blocking a loop for
 * a second as the seed's {@code psutil.cpu_percent(interval=1.0)} does. Used on one context only.
 */
final class ProcessSample {

  private static final String PROC_STATUS = "/proc/self/status";

  private final Vertx vertx;
  private final com.sun.management.OperatingSystemMXBean os =
    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long startedAt = System.currentTimeMillis();
  private long lastCpuNanos;
  private long lastWallNanos;
  private double cpuPercent;
  private long residentBytes;

  ProcessSample(Vertx vertx) {
    this.vertx = vertx;
    this.lastCpuNanos = os.getProcessCpuTime();
    this.lastWallNanos = System.nanoTime();
  }

  /** Takes a sample; completes when the resident memory has been read. */
  Future<Void> sample() {
    long cpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    if (cpu >= 0 && wall > lastWallNanos) {
      cpuPercent = 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos);
    }
    lastCpuNanos = cpu;
    lastWallNanos = wall;
    return readResidentBytes();
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("cpu_usage", String.format(Locale.ROOT, "cpu_usage: %.2f %%", cpuPercent))
      .put("memory_usage", String.format(Locale.ROOT, "%.2f MB", residentBytes / 1024.0 / 1024.0))
      .put("pid", ProcessHandle.current().pid())
      .put("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000)
      .put("heap_used_bytes", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
  }

  /** VmRSS from /proc, read without blocking; the heap in use where there is no /proc. */
  private Future<Void> readResidentBytes() {
    return vertx.fileSystem()
      .readFile(PROC_STATUS)
      .map(buffer -> parseRss(buffer.toString()))
      .otherwise(failure -> Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
      .map(bytes -> {
        residentBytes = bytes;
        return null;
      });
  }

  static long parseRss(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS line in " + PROC_STATUS);
  }
}
