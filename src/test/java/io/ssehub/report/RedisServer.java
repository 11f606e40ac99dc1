package io.ssehub.report;

import io.ssehub.testing.TestHub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A real {@code redis-server} process on a free loopback port, without persistence, for one test class. */
final class RedisServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RedisServer start() throws IOException, InterruptedException {
    int port = TestHub.freePort();
    Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no")
      .redirectErrorStream(true)
      .start();
    RedisServer server = new RedisServer(process, port);
    server.awaitReady();
    return server;
  }

  String connectionString() {
    return "redis://127.0.0.1:" + port;
  }

  private void awaitReady() throws IOException, InterruptedException {
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      seen.append(line).append('\n');
      if (line.contains("Ready to accept connections")) {
        Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "redis-output-" + port);
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    close();
    throw new IOException("redis-server on port " + port + " ended before it was ready:\n" + seen);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
