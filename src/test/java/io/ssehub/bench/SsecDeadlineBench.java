package io.ssehub.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ssehub.bench.SsecBench.print;

/**
 * A load tool, not a test: {@code /ssec} against its 50 ms deadline. Part 1, cold start: a fresh hub (the fat jar
 * as a child JVM), and as soon as it logs that it is up, {@value #COLD_BURST} {@code /ssec} at once, each on a new
 * connection; three hubs in turn. Part 2: {@code /ssec} at {@value #RATE} req/s (open loop, latency from the
 * scheduled send) on a node that also streams {@value #EVENTS_PER_SECOND} events/s to {@value #SUBSCRIBERS}
 * subscribers of {@code /topics/bench}. Each row gives what the client saw (p50, p99, max, {@code no_reply},
 * results it had later than 50 ms after sending) and what the hub's {@code /metrics} says: answers with a result
 * written more than one window after the request arrived ({@code ssehub_ssec_latency}, whose histogram has a
 * bucket at the window), and late switchboard replies it discarded.
 *
 * <p>Run after {@code mvn -B -q package -DskipTests} (and {@code mvn -q test-compile}):
 * {@code java -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.SsecDeadlineBench [seconds] [warm-up calls]}
 * (without the second argument the hub's default {@code switchboard.warmUpCalls}).
 */
public final class SsecDeadlineBench {

  private static final int COLD_BURST = 250;
  private static final int RATE = 1000;
  private static final int EVENTS_PER_SECOND = 200;
  private static final int SUBSCRIBERS = 500;
  private static final String ANSWERED = "outcome=\"answered\"";

  private SsecDeadlineBench() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String switchboard = args.length > 1 ? "{\"warmUpCalls\": " + Integer.parseInt(args[1]) + "}" : "{}";
    print("switchboard config: %s%n", switchboard);
    print("### Cold start: a burst of %d /ssec right after the hub is up%n", COLD_BURST);
    print("| hub | p50 ms | p99 ms | max ms | no_reply | errors | results after 50 ms (hub) | load avg |");
    print("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 1; i <= 3; i++) {
      coldBurst(i, switchboard);
    }
    print("%n### /ssec at %d req/s for %d s, with %d events/s streamed to %d subscribers%n", RATE, seconds,
      EVENTS_PER_SECOND, SUBSCRIBERS);
    print("| p50 ms | p99 ms | max ms | no_reply | errors | results after 50 ms (client) | results after 50 ms (hub) "
      + "| hub max of results ms | late replies | events delivered | event p99 ms | load avg |");
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    underStreams(seconds, switchboard);
  }

  private static void coldBurst(int index, String switchboard) throws Exception {
    int port = SsecBench.freePort();
    Process hub = SsecBench.startHub(port, switchboard);
    SsecBench bench = new SsecBench(URI.create("http://127.0.0.1:" + port), 1);
    try {
      SsecResult burst = bench.burst(COLD_BURST);
      String metrics = bench.get("/metrics").await();
      print("| %d | %.2f | %.2f | %.2f | %s | %d | %.0f | %s |", index, burst.p(50), burst.p(99), burst.p(100),
        burst.noReplyShare(), burst.errors(), afterWindow(metrics), SsecBench.loadAverage());
    } finally {
      stop(bench, hub);
    }
  }

  private static void underStreams(int seconds, String switchboard) throws Exception {
    int port = SsecBench.freePort();
    Process hub = SsecBench.startHub(port, switchboard);
    URI base = URI.create("http://127.0.0.1:" + port);
    SsecBench bench = new SsecBench(base, seconds);
    Vertx publisherVertx = Vertx.vertx();
    StreamReaders streams = new StreamReaders(2, 8, 0);
    try {
      bench.openLoop(SsecBench.SSEC, RATE, 5);
      streams.open(URI.create(base + "/topics/bench"), SUBSCRIBERS, 250).await();
      Waits.until(bench.vertx, () -> streams.connected() >= SUBSCRIBERS, 60_000).await();
      streams.measureFrom(0);
      long publisher = publish(publisherVertx, base);
      TimeUnit.SECONDS.sleep(3);
      String before = bench.get("/metrics").await();
      SsecResult ssec = bench.openLoop(SsecBench.SSEC, RATE, seconds);
      String after = bench.get("/metrics").await();
      publisherVertx.cancelTimer(publisher);
      print("| %.2f | %.2f | %.2f | %s | %d | %d | %.0f | %.2f | %.0f | %d | %.2f | %s |", ssec.p(50), ssec.p(99),
        ssec.p(100), ssec.noReplyShare(), ssec.errors(), ssec.lateResults(), afterWindow(after) - afterWindow(before),
        sample(after, "ssehub_ssec_latency_seconds_max{", ANSWERED) * 1000,
        sample(after, "ssehub_ssec_late_replies_total{") - sample(before, "ssehub_ssec_late_replies_total{"),
        streams.deliveries(), streams.latency().percentile(0.99) / 1000.0, SsecBench.loadAverage());
    } finally {
      streams.close();
      publisherVertx.close().await();
      stop(bench, hub);
    }
  }

  /** POSTs one event to {@code /topics/bench} every 1/{@value #EVENTS_PER_SECOND} s; the periodic timer's id. */
  private static long publish(Vertx vertx, URI base) {
    HttpClientAgent http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(8));
    AtomicInteger seq = new AtomicInteger();
    RequestOptions post = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setHost(base.getHost())
      .setPort(base.getPort())
      .setURI("/topics/bench");
    return vertx.setPeriodic(1000 / EVENTS_PER_SECOND, tick -> http.request(post)
      .compose(request -> request.send(Buffer.buffer("t=" + System.nanoTime() + ";s=" + seq.getAndIncrement() + ";")))
      .compose(response -> response.body()));
  }

  /** Answers with a result that the hub wrote more than one window after the request arrived. */
  private static double afterWindow(String metrics) {
    return sample(metrics, "ssehub_ssec_latency_seconds_count{", ANSWERED)
      - sample(metrics, "ssehub_ssec_latency_seconds_bucket{", ANSWERED, "le=\"0.05\"");
  }

  /** The sum of the samples that start with {@code prefix} and carry every label given; 0 when none does. */
  private static double sample(String metrics, String prefix, String... labels) {
    return metrics.lines()
      .filter(line -> line.startsWith(prefix))
      .filter(line -> List.of(labels).stream().allMatch(line::contains))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .sum();
  }

  private static void stop(SsecBench bench, Process hub) throws InterruptedException {
    bench.vertx.close().await();
    hub.destroy();
    hub.waitFor(20, TimeUnit.SECONDS);
  }
}
