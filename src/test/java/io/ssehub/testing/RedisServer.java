package io.ssehub.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, without persistence, for one test. It can
 * be stopped and started again on the same port, as a Redis restart, and can require a password
 * ({@code requirepass}), which {@link #url()} then carries as {@code redis://default:<password>@...}.
 */
public final class RedisServer implements AutoCloseable {

  private static final long START_TIMEOUT_MILLIS = 20_000;

  private final int port = TestHub.freePort();
  private final List<String> launcher;
  private final String host;
  private final String password;
  private Process process;

  private RedisServer(List<String> launcher, String host, String password) {
    this.launcher = launcher;
    this.host = host;
    this.password = password;
  }

  public static RedisServer start() {
    return start(List.of(), "127.0.0.1");
  }

  /** A server run through {@code launcher} (such as {@code ip netns exec <namespace>}), bound to {@code host}. */
  public static RedisServer start(List<String> launcher, String host) {
    RedisServer server = new RedisServer(launcher, host, null);
    server.startAgain();
    return server;
  }

  /** A server that answers only clients that send this password (the user {@code default}). */
  public static RedisServer startWithPassword(String password) {
    RedisServer server = new RedisServer(List.of(), "127.0.0.1", password);
    server.startAgain();
    return server;
  }

  public int port() {
    return port;
  }

  public String url() {
    return password == null ? "redis://" + host + ":" + port : urlWithPassword(password);
  }

  /** The server's URL with this password, right or wrong. */
  public String urlWithPassword(String anyPassword) {
    return "redis://default:" + anyPassword + "@" + host + ":" + port;
  }

  /** Starts the server (again) on its port and returns once it answers PING. */
  public void startAgain() {
    try {
      Path log = Files.createTempFile("redis-" + port + "-", ".log");
      List<String> command = new ArrayList<>(launcher);
      command.addAll(List.of("redis-server", "--port", String.valueOf(port), "--bind", host,
        "--save", "", "--appendonly", "no", "--protected-mode", "no"));
      if (password != null) {
        command.addAll(List.of("--requirepass", password));
      }
      process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server could not be started; is it installed (scripts/test.sh)?", e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (!answersPing()) {
      if (System.currentTimeMillis() > deadline || !process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING");
      }
      sleep(50);
    }
  }

  /** Stops the server (SIGTERM) and waits until it has exited: every client connection is gone. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      String auth = password == null ? "" : "AUTH " + password + "\r\n";
      out.write((auth + "PING\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String expected = (password == null ? "" : "+OK\r\n") + "+PONG\r\n";
      byte[] reply = new byte[expected.length()];
      int read = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).equals(expected);
    } catch (IOException e) {
      return false;
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
