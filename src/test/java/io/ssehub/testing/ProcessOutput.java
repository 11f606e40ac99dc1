package io.ssehub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process started for a test (a Python or Node processor), with its standard output and error read into lines
 * as they come, so that its pipe never fills and a test can wait for a line.
 */
public final class ProcessOutput {

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ProcessOutput(Process process) {
    this.process = process;
    this.reader = new Thread(this::readAll, "output of " + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} with its error stream merged into its output. */
  public static ProcessOutput start(List<String> command) throws IOException {
    return new ProcessOutput(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private void readAll() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
      StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        lines.add("unreadable output: " + e.getMessage());
      }
    }
  }

  /** Waits up to {@code timeoutMillis} for a line that {@code wanted} accepts; fails with all lines so far. */
  public String await(Predicate<String> wanted, long timeoutMillis) throws InterruptedException {
    return await(wanted, 1, timeoutMillis);
  }

  /** Waits up to {@code timeoutMillis} for the {@code n}th line that {@code wanted} accepts, and returns it. */
  public synchronized String await(Predicate<String> wanted, int n, long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      List<String> found = lines.stream().filter(wanted).toList();
      if (found.size() >= n) {
        return found.get(n - 1);
      }
      long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("no such line from " + process.info().commandLine().orElse("the process")
          + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + "; its output: " + lines);
      }
      wait(Math.min(left, 200));
    }
  }

  /** Waits for the process to exit and its output to be read; its exit value, or fails after the timeout. */
  public int exit(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the process is still running after " + timeoutMillis + " ms; its output: " + lines());
    }
    reader.join(timeoutMillis);
    return process.exitValue();
  }

  public synchronized long count(Predicate<String> wanted) {
    return lines.stream().filter(wanted).count();
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  public Process process() {
    return process;
  }

  /** Ends the process (SIGTERM, then SIGKILL after 5 s). */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
