package io.ssehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of the server's processes, read from /proc: for a JVM one pid, for nginx
 * the master and its workers. CPU is user + system time; memory is VmRSS.
 */
final class ProcessStats {

  private static final double TICKS_PER_SECOND = 100.0;
  private final List<Long> pids;

  ProcessStats(List<Long> pids) {
    this.pids = pids;
  }

  /** CPU seconds used so far by all the processes, in user space and in the kernel (system calls, TCP). */
  record Cpu(double user, double system) {

    double total() {
      return user + system;
    }
  }

  Cpu cpu() {
    double user = 0;
    double system = 0;
    for (long pid : pids) {
      String stat = read(pid, "stat");
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      user += Long.parseLong(fields[11]) / TICKS_PER_SECOND;
      system += Long.parseLong(fields[12]) / TICKS_PER_SECOND;
    }
    return new Cpu(user, system);
  }

  long residentBytes() {
    long bytes = 0;
    for (long pid : pids) {
      for (String line : read(pid, "status").split("\n")) {
        if (line.startsWith("VmRSS:")) {
          bytes += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    }
    return bytes;
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/" + file + ": is the server still running?", e);
    }
  }
}
