package io.ssehub.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load tool, not a test: {@code /ssec} throughput and latency next to a trivial route, and the share answered
 * {@code no_reply}. Part 1 is closed-loop: N clients each send their next request when the last is answered.
 * Part 2 is open-loop: requests leave on a fixed schedule whatever the answers do, and latency counts from the
 * scheduled moment, so a stalled server cannot hide its queue. Part 3 sends bursts of 1,000 requests at once,
 * each on a new connection. Each row ends with the machine's 1-minute load average, for the conditions.
 *
 * <p>Run after {@code mvn -B -q package -DskipTests} (and {@code mvn -q test-compile}):
 * {@code java -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.SsecBench [seconds-per-level] [url]}.
 * Without a URL it starts the fat jar as a child JVM on a free port with the default config, and stops it after.
 */
public final class SsecBench {

  private static final int[] CONCURRENCY = {1, 4, 16, 64, 256};
  private static final int[] RATES = {250, 500, 1000, 2000, 4000};
  private static final int BURST = 1000;
  static final String SSEC = "/ssec?m=meow%20meow";
  private static final String TRIVIAL = "/sink_to?listener_id=bench";

  final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client;
  private final URI base;
  private final int seconds;

  SsecBench(URI base, int seconds) {
    this.base = base;
    this.seconds = seconds;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(512));
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Process hub = null;
    URI base;
    if (args.length > 1) {
      base = URI.create(args[1]);
    } else {
      int port = freePort();
      hub = startHub(port);
      base = URI.create("http://127.0.0.1:" + port);
    }
    SsecBench bench = new SsecBench(base, seconds);
    try {
      bench.run();
    } finally {
      bench.vertx.close().await();
      if (hub != null) {
        hub.destroy();
        hub.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private void run() {
    print("Warming up for %d s at 64 clients...", seconds);
    closedLoop(SSEC, 64, seconds);
    closedLoop(TRIVIAL, 64, seconds);
    print("%n### Closed loop (%d s per level)%n", seconds);
    print("| clients | /ssec req/s | /ssec p50 ms | /ssec p99 ms | /ssec no_reply | /ssec errors | trivial req/s "
      + "| trivial p50 ms | trivial p99 ms | load avg |");
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int clients : CONCURRENCY) {
      SsecResult ssec = closedLoop(SSEC, clients, seconds);
      SsecResult trivial = closedLoop(TRIVIAL, clients, seconds);
      print("| %d | %.0f | %.2f | %.2f | %s | %d | %.0f | %.2f | %.2f | %s |", clients, ssec.rate(), ssec.p(50),
        ssec.p(99), ssec.noReplyShare(), ssec.errors(), trivial.rate(), trivial.p(50), trivial.p(99), loadAverage());
    }
    print("%n### Open loop (fixed arrival rate, %d s per level; latency from the scheduled send)%n", seconds);
    print("| offered req/s | /ssec done req/s | /ssec p50 ms | /ssec p99 ms | /ssec max ms | /ssec no_reply | /ssec errors "
      + "| trivial p50 ms | trivial p99 ms | load avg |");
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int rate : RATES) {
      SsecResult ssec = openLoop(SSEC, rate, seconds);
      SsecResult trivial = openLoop(TRIVIAL, rate, seconds);
      print("| %d | %.0f | %.2f | %.2f | %.2f | %s | %d | %.2f | %.2f | %s |", rate, ssec.rate(), ssec.p(50), ssec.p(99),
        ssec.p(100), ssec.noReplyShare(), ssec.errors(), trivial.p(50), trivial.p(99), loadAverage());
    }
    print("%n### Bursts: %d requests at once, each on a new connection%n", BURST);
    print("| burst | p50 ms | p99 ms | max ms | no_reply | errors | load avg |");
    print("|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 1; i <= 3; i++) {
      SsecResult burst = burst();
      print("| %d | %.2f | %.2f | %.2f | %s | %d | %s |", i, burst.p(50), burst.p(99), burst.p(100),
        burst.noReplyShare(), burst.errors(), loadAverage());
    }
  }

  private SsecResult burst() {
    return burst(BURST);
  }

  /** {@code size} requests sent at once from a fresh client, so that each opens its own connection. */
  SsecResult burst(int size) {
    SsecResult result = new SsecResult(1);
    HttpClientAgent fresh = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(size));
    Promise<Void> done = Promise.promise();
    AtomicInteger answered = new AtomicInteger();
    vertx.runOnContext(v -> {
      for (int i = 0; i < size; i++) {
        long start = System.nanoTime();
        get(fresh, SSEC).onComplete(answer -> {
          result.record(start, answer.succeeded() ? answer.result() : null);
          if (answered.incrementAndGet() == size) {
            done.complete();
          }
        });
      }
    });
    done.future().await();
    fresh.close().await();
    return result;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  SsecResult closedLoop(String uri, int clients, int seconds) {
    SsecResult result = new SsecResult(seconds);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger(clients);
    for (int i = 0; i < clients; i++) {
      vertx.runOnContext(v -> loop(uri, end, result, running, done));
    }
    done.future().await();
    return result;
  }

  private void loop(String uri, long end, SsecResult result, AtomicInteger running, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    long start = System.nanoTime();
    get(uri).onComplete(answer -> {
      result.record(start, answer.succeeded() ? answer.result() : null);
      loop(uri, end, result, running, done);
    });
  }

  SsecResult openLoop(String uri, int rate, int seconds) {
    SsecResult result = new SsecResult(seconds);
    int total = rate * seconds;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    Promise<Void> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    long timer = vertx.setPeriodic(1, tick -> {
      long now = System.nanoTime();
      while (sent.get() < total && start + sent.get() * intervalNanos <= now) {
        long scheduled = start + sent.getAndIncrement() * intervalNanos;
        get(uri).onComplete(answer -> {
          result.record(scheduled, answer.succeeded() ? answer.result() : null);
          if (answered.incrementAndGet() == total) {
            done.complete();
          }
        });
      }
    });
    done.future().await();
    vertx.cancelTimer(timer);
    return result;
  }

  Future<String> get(String uri) {
    return get(client, uri);
  }

  private Future<String> get(HttpClientAgent via, String uri) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setHost(base.getHost())
      .setPort(base.getPort())
      .setURI(uri)
      .setTimeout(10_000);
    return via.request(options)
      .compose(request -> request.send())
      .compose(response -> response.body())
      .map(Buffer::toString);
  }

  static Process startHub(int port) throws IOException, InterruptedException {
    return startHub(port, "{}");
  }

  /** The fat jar on {@code port}, its config's {@code switchboard} section as given. */
  static Process startHub(int port, String switchboard) throws IOException, InterruptedException {
    return startHubWith(port, "\"switchboard\": " + switchboard);
  }

  /** The fat jar on {@code port}, with the config sections {@code sections} (JSON members, comma-separated). */
  static Process startHubWith(int port, String sections) throws IOException, InterruptedException {
    Path log = Files.createTempFile("ssec-bench-hub", ".log");
    String conf = "{\"gateway\": {\"port\": " + port + ", \"host\": \"127.0.0.1\"}, " + sections + "}";
    Process hub = new ProcessBuilder("java", "-jar", "target/sse-hub.jar", "-conf", conf)
      .redirectErrorStream(true)
      .redirectOutput(log.toFile())
      .start();
    for (int i = 0; i < 300; i++) {
      if (Files.readString(log).contains("is up with roles")) {
        print("Hub started on port %d (log: %s)", port, log);
        return hub;
      }
      Thread.sleep(100);
    }
    hub.destroyForcibly();
    throw new IllegalStateException("The hub did not start; its log: " + Files.readString(log));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
