package io.ssehub.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A hub node as its own JVM: the fat jar (system property {@code hub.jar}) started with an inline
 * {@code -conf}, its output in a log file under {@code target/}. For tests that need separate nodes.
 */
public final class HubProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 90_000;

  private final Process process;
  private final String host;
  private final int port;
  private final Path log;

  private HubProcess(Process process, String host, int port, Path log) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.log = log;
  }

  /** Starts the jar with {@code config} and returns once its gateway port accepts connections. */
  public static HubProcess start(String name, JsonObject config) {
    return start(name, config, List.of(), List.of());
  }

  /**
   * As {@link #start(String, JsonObject)}, with JVM options (such as {@code -Dhub.cluster.name=..}) before
   * {@code -jar} and launcher arguments (such as {@code -cluster}) after {@code -conf}.
   */
  public static HubProcess start(String name, JsonObject config, List<String> jvmOptions, List<String> arguments) {
    return start(List.of(), "127.0.0.1", name, config, jvmOptions, arguments);
  }

  /**
   * As {@link #start(String, JsonObject, List, List)}, with the command run through {@code launcher} (such as
   * {@code ip netns exec <namespace>}) and the gateway port awaited on {@code host}.
   */
  public static HubProcess start(List<String> launcher, String host, String name, JsonObject config,
                                 List<String> jvmOptions, List<String> arguments) {
    String jar = System.getProperty("hub.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property hub.jar must name the fat jar; run with mvn verify");
    }
    int port = config.getJsonObject("gateway").getInteger("port");
    Path log = Path.of("target", "it-" + name + "-" + port + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    try {
      List<String> command = new ArrayList<>(launcher);
      command.addAll(List.of(java, "-Xmx256m"));
      command.addAll(jvmOptions);
      command.addAll(List.of("-jar", jar, "-conf", config.encode()));
      command.addAll(arguments);
      Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
      HubProcess hub = new HubProcess(process, host, port, log);
      hub.awaitPort();
      hub.awaitUp();
      return hub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the jar with {@code arguments} as an operator would type them, in {@code workingDirectory} with
   * {@code environment} added to this JVM's, and returns once {@code port} accepts connections.
   */
  public static HubProcess start(Path workingDirectory, Map<String, String> environment, int port,
                                 List<String> arguments) {
    Path log = Path.of("target", "it-env-" + port + ".log").toAbsolutePath();
    try {
      Process process = builder(workingDirectory, environment, arguments)
        .redirectOutput(log.toFile())
        .start();
      HubProcess hub = new HubProcess(process, "127.0.0.1", port, log);
      hub.awaitPort();
      hub.awaitUp();
      return hub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a run of the jar that ends by itself left: its exit code and its output, standard error included. */
  public record Finished(int exitCode, String output) {
  }

  /** Runs the jar with {@code arguments} (such as {@code --help}, or a config that does not start) to its end. */
  public static Finished run(Path workingDirectory, Map<String, String> environment, List<String> arguments) {
    try {
      Process process = builder(workingDirectory, environment, arguments).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the hub did not end within 60 s; it wrote: " + output);
      }
      return new Finished(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static ProcessBuilder builder(Path workingDirectory, Map<String, String> environment, List<String> arguments) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
      "-Xmx256m", "-jar", jar().toAbsolutePath().toString()));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command)
      .directory(workingDirectory.toFile())
      .redirectErrorStream(true);
    builder.environment().putAll(environment);
    return builder;
  }

  private static Path jar() {
    String jar = System.getProperty("hub.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property hub.jar must name the fat jar; run with mvn verify");
    }
    return Path.of(jar);
  }

  /** The log file of this node's output. */
  public Path log() {
    return log;
  }

  /** The address its gateway is reached on: loopback, unless started with another host. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The JVM's process id, for looking at its open files or asking jcmd for a GC. */
  public long pid() {
    return process.pid();
  }

  /** SIGTERM, as {@code docker stop} or Kubernetes sends it; returns at once ({@link #awaitExit}). */
  public void terminate() {
    process.destroy();
  }

  /** The exit code once the process has ended, or null if it is still running after {@code millis}. */
  public Integer awaitExit(long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** {@code kill -9}: the node dies without closing anything. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitPort() {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the hub exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 500);
        return;
      } catch (IOException e) {
        RedisServer.sleep(200);
      }
    }
    throw new IllegalStateException("the hub did not open port " + port + "; see " + log.toAbsolutePath());
  }

  /**
   * Once the port is open, waits (at most 30 s) for the node to log that it is up: the gateway listens before the
   * node's warm-up, which ends before that line. A node that never says so (one that is meant to fail later) is
   * left to the test's own assertions.
   */
  private void awaitUp() {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      try {
        if (Files.readString(log).contains("is up with roles")) {
          return;
        }
      } catch (IOException e) {
        // not written yet
      }
      RedisServer.sleep(100);
    }
  }
}
