package io.ssehub.faults;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Heap in use (after a full GC) and open file descriptors of a process, taken before a fault and compared
 * after: what a fault opened must be released. For this JVM through the MX beans and /proc/self/fd; for a
 * hub in its own JVM through {@code jcmd <pid> GC.run} and /proc/<pid>/fd.
 */
record ResourceBaseline(long heapBytes, long openFiles) {

  static ResourceBaseline ofThisJvm() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      sleep(100);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new ResourceBaseline(heap, openFiles(Path.of("/proc/self/fd")));
  }

  static long openFiles(long pid) {
    return openFiles(Path.of("/proc/" + pid + "/fd"));
  }

  private static long openFiles(Path fds) {
    try (Stream<Path> files = Files.list(fds)) {
      return files.count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + fds, e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
