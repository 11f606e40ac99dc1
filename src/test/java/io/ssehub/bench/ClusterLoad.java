package io.ssehub.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The two halves of bench/cluster.sh's load, each its own process, so that the client side of tens of
 * thousands of connections is spread over several processes (each may open at most 20,000 files).
 *
 * <pre>
 * ClusterLoad subscribe --sub URL --subscribers N --sources 8 --first-source 0 --first W --count C --seconds-left T [--loops 2]
 * ClusterLoad publish   --pub URL --rate 1 --count W+C
 * </pre>
 *
 * {@code subscribe} opens N streams, prints {@code connected N} once they all have their headers, counts the
 * events with sequence numbers {@code [W, W+C)} and, when every stream has them all (or T seconds after the
 * first measured one), prints one JSON line: delivered, lost, duplicated, and the latency histogram in 10 µs
 * buckets, which the script merges over the processes. {@code publish} POSTs {@code t=<nanoTime>;s=<seq>;} at
 * the rate. Latency is the subscriber's {@code System.nanoTime()} minus the publisher's: both read the
 * machine's monotonic clock (CLOCK_MONOTONIC on Linux), which all processes of one machine share.
 */
public final class ClusterLoad {

  private final Map<String, String> args;
  private final Vertx vertx;

  private ClusterLoad(Map<String, String> args) {
    this.args = args;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(number("loops", 2)));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    ClusterLoad load = new ClusterLoad(args);
    Future<JsonObject> run = "publish".equals(argv[0]) ? load.publish() : load.subscribe();
    JsonObject result = run.toCompletionStage().toCompletableFuture().get();
    System.out.println(result.encode());
    System.out.flush();
    System.exit(0);
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  private URI url(String name) {
    String value = args.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return URI.create(value);
  }

  private Future<JsonObject> subscribe() {
    int subscribers = number("subscribers", 1000);
    int first = number("first", 5);
    int count = number("count", 30);
    StreamReaders subs = new StreamReaders(number("loops", 2), number("sources", 8), number("first-source", 0));
    subs.measureFrom(first);
    long[] firstMeasured = {0};
    return subs.open(url("sub"), subscribers, number("batch", 200))
      .compose(v -> until(() -> subs.connected() >= subscribers, 300_000))
      .compose(v -> {
        System.out.println("connected " + subs.connected());
        System.out.flush();
        return until(() -> subs.deliveries() > 0, 3_600_000);
      })
      .compose(v -> {
        firstMeasured[0] = System.nanoTime();
        return until(() -> subs.deliveries() >= (long) count * subscribers, number("seconds-left", 60) * 1000L)
          .recover(late -> Future.succeededFuture());
      })
      .map(v -> new JsonObject()
        .put("subscribers", subscribers)
        .put("connected_at_end", subs.connected())
        .put("expected", (long) count * subscribers)
        .put("delivered", subs.deliveries())
        .put("lost", subs.lost(first, count))
        .put("duplicated", subs.duplicates())
        .put("p50_us", subs.latency().percentile(0.50))
        .put("p99_us", subs.latency().percentile(0.99))
        .put("histogram", subs.latency().sparse()));
  }

  private Future<JsonObject> publish() {
    URI url = url("pub");
    int rate = number("rate", 1);
    int count = number("count", 35);
    String padding = "x".repeat(Math.max(0, number("payload", 64) - 32));
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
    AtomicLong errors = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    Promise<JsonObject> done = Promise.promise();
    // --period-ms (one event every so many milliseconds) wins over --rate (events per second).
    long periodNanos = args.containsKey("period-ms") ? number("period-ms", 1000) * 1_000_000L : 1_000_000_000L / rate;
    long start = System.nanoTime();
    int[] next = {0};
    vertx.setPeriodic(1, id -> {
      long due = (System.nanoTime() - start) / periodNanos + 1;
      while (next[0] < Math.min(due, count)) {
        int seq = next[0]++;
        RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setHost(url.getHost())
          .setPort(url.getPort())
          .setURI(url.getRawPath());
        http.request(options)
          .compose(request -> request.send(Buffer.buffer("t=" + System.nanoTime() + ";s=" + seq + ";" + padding)))
          .compose(response -> response.body().map(response.statusCode()))
          .onComplete(ar -> {
            if (ar.failed() || ar.result() >= 300) {
              errors.incrementAndGet();
            }
            if (answered.incrementAndGet() == count) {
              done.tryComplete(new JsonObject().put("published", count - errors.get()).put("publish_errors", errors.get()));
            }
          });
      }
      if (next[0] >= count) {
        vertx.cancelTimer(id);
      }
    });
    return done.future();
  }

  private Future<Void> until(BooleanSupplier condition, long timeoutMillis) {
    return Waits.until(vertx, condition, timeoutMillis);
  }
}
