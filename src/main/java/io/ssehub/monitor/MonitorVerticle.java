package io.ssehub.monitor;

import io.ssehub.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Seed 002's process monitor. It samples this JVM's CPU time and resident memory once a second, so a
 * {@code /monitor} request is answered at once from the last sample, never by blocking a loop for a
 * second as the seed's {@code psutil.cpu_percent(interval=1.0)} does.
 *
 * <p>Consumes {@link Addresses#MONITOR_SAMPLE} (node-local).
 */
public class MonitorVerticle extends VerticleBase {

  private static final long SAMPLE_MILLIS = 1000;
  private static final String PROC_STATUS = "/proc/self/status";

  private final com.sun.management.OperatingSystemMXBean os =
    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long startedAt = System.currentTimeMillis();
  private long lastCpuNanos;
  private long lastWallNanos;
  private double cpuPercent;
  private long residentBytes;

  @Override
  public Future<?> start() {
    lastCpuNanos = os.getProcessCpuTime();
    lastWallNanos = System.nanoTime();
    vertx.setPeriodic(SAMPLE_MILLIS, tick -> sample());
    return readResidentBytes()
      .compose(v -> vertx.eventBus().localConsumer(Addresses.MONITOR_SAMPLE, this::answer).completion());
  }

  private void answer(Message<JsonObject> message) {
    message.reply(new JsonObject()
      .put("cpu_usage", String.format(Locale.ROOT, "cpu_usage: %.2f %%", cpuPercent))
      .put("memory_usage", String.format(Locale.ROOT, "%.2f MB", residentBytes / 1024.0 / 1024.0))
      .put("pid", ProcessHandle.current().pid())
      .put("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000)
      .put("heap_used_bytes", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));
  }

  private void sample() {
    long cpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    if (cpu >= 0 && wall > lastWallNanos) {
      cpuPercent = 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos);
    }
    lastCpuNanos = cpu;
    lastWallNanos = wall;
    readResidentBytes();
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
