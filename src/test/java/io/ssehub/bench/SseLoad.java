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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The SSE load tool: opens N subscribers over loopback, publishes at a fixed rate, and prints one JSON line of
 * results: delivered, lost and duplicated events, delivery latency p50/p99/p999, the server's CPU time per
 * delivered event and (with {@code --rate 0}) its resident memory per idle connection. It speaks plain HTTP,
 * so it measures any SSE server: sse-hub and Nchan alike. The streams are read by {@link StreamReaders}, two
 * threads on plain NIO; the publisher has a Vert.x event loop of its own, and another runs the waits.
 *
 * <pre>
 * java -cp target/sse-hub.jar io.ssehub.bench.SseLoad --label sse-hub \
 *   --sub http://127.0.0.1:3000/topics/bench --pub http://127.0.0.1:3000/topics/bench \
 *   --subscribers 1000 --rate 100 --seconds 30 --pids 12345
 * </pre>
 *
 * <p>With {@code --rounds N} the measured window is N rounds of {@code --seconds} each, and the result also carries
 * each round's CPU per event ({@code round_cpu_us_per_event}); with {@code --warmup 0} the first round starts at
 * the server's first event, so a cold server's first round can be set beside its later ones.
 */
public final class SseLoad {

  private final Map<String, String> args;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  /** The publisher has a loop of its own, so that the timers and waits never delay a publish. */
  private final Vertx publisherVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final AtomicLong publishErrors = new AtomicLong();

  private SseLoad(Map<String, String> args) {
    this.args = args;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    SseLoad load = new SseLoad(args);
    JsonObject result;
    try {
      result = load.run().toCompletionStage().toCompletableFuture().get();
    } finally {
      load.vertx.close();
      load.publisherVertx.close();
    }
    System.out.println(result.encode());
    System.exit(0);
  }

  private String arg(String name, String fallback) {
    String value = args.getOrDefault(name, fallback);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(arg(name, Integer.toString(fallback)));
  }

  private Future<JsonObject> run() {
    int subscribers = number("subscribers", 1000);
    int rate = number("rate", 20);
    ProcessStats server = new ProcessStats(Arrays.stream(arg("pids", null).split(",")).map(Long::parseLong).toList());
    StreamReaders subs = new StreamReaders(2, number("sources", 8), 0);
    JsonObject result = new JsonObject()
      .put("label", arg("label", "server"))
      .put("subscribers", subscribers)
      .put("rate", rate);
    long rssBefore = server.residentBytes();
    return subs.open(URI.create(arg("sub", null)), subscribers, number("batch", 250))
      .compose(v -> until(() -> subs.connected() >= subscribers, 60_000))
      .compose(v -> rate == 0 ? idle(server, subs, rssBefore, result) : flow(server, subs, rate, result));
  }

  private Future<JsonObject> idle(ProcessStats server, StreamReaders subs, long rssBefore, JsonObject result) {
    return pause(number("settle", 5) * 1000L).map(v -> {
      long rssAfter = server.residentBytes();
      return result
        .put("connected", subs.connected())
        .put("rss_before_bytes", rssBefore)
        .put("rss_after_bytes", rssAfter)
        .put("rss_per_connection_bytes", (rssAfter - rssBefore) / Math.max(1, subs.connected()));
    });
  }

  private Future<JsonObject> flow(ProcessStats server, StreamReaders subs, int rate, JsonObject result) {
    int warmup = number("warmup", 5) * rate;
    int rounds = number("rounds", 1);
    int perRound = number("seconds", 30) * rate;
    int measured = perRound * rounds;
    Publisher publisher = new Publisher(URI.create(arg("pub", null)), number("payload", 64));
    ProcessStats.Cpu[] cpu = new ProcessStats.Cpu[2];
    ProcessStats.Cpu[] ownCpu = new ProcessStats.Cpu[2];
    ProcessStats self = new ProcessStats(List.of(ProcessHandle.current().pid()));
    long[] sendWindow = new long[2];
    JsonArray roundCpu = new JsonArray();
    return publisher.publish(0, warmup, rate)
      .compose(v -> pause(warmup == 0 ? 0 : 1000))
      .compose(v -> {
        subs.measureFrom(warmup);
        cpu[0] = server.cpu();
        ownCpu[0] = self.cpu();
        sendWindow[0] = System.nanoTime();
        return rounds(server, subs, publisher, warmup, perRound, rate, rounds, roundCpu);
      })
      .map(v -> {
        sendWindow[1] = System.nanoTime();
        return v;
      })
      .compose(v -> until(() -> subs.deliveries() >= (long) measured * subs.connected(), 10_000).recover(late -> pause(0)))
      .map(v -> {
        cpu[1] = server.cpu();
        ownCpu[1] = self.cpu();
        long delivered = subs.deliveries();
        long expected = (long) measured * number("subscribers", 1000);
        if (rounds > 1) {
          result.put("round_cpu_us_per_event", roundCpu);
        }
        return result
          .put("seconds", measured / rate)
          .put("expected", expected)
          .put("delivered", delivered)
          .put("lost", subs.lost(warmup, measured))
          .put("duplicated", subs.duplicates())
          .put("publish_errors", publishErrors.get())
          .put("achieved_rate", Math.round(measured / ((sendWindow[1] - sendWindow[0]) / 1e9) * 10) / 10.0)
          .put("p50_us", subs.latency().percentile(0.50))
          .put("p99_us", subs.latency().percentile(0.99))
          .put("p999_us", subs.latency().percentile(0.999))
          .put("server_cpu_seconds", Math.round((cpu[1].total() - cpu[0].total()) * 100) / 100.0)
          .put("cpu_us_per_event", perEvent(cpu[1].total() - cpu[0].total(), delivered))
          .put("user_cpu_us_per_event", perEvent(cpu[1].user() - cpu[0].user(), delivered))
          .put("system_cpu_us_per_event", perEvent(cpu[1].system() - cpu[0].system(), delivered))
          // The load tool's own CPU per event: it shares the cores, so a stream that costs more to read shows here.
          .put("client_cpu_us_per_event", perEvent(ownCpu[1].total() - ownCpu[0].total(), delivered));
      });
  }

  /**
   * The measured window as {@code rounds} rounds of {@code perRound} events one after the other; each round's
   * server CPU per delivered event goes into {@code roundCpu}, measured once its deliveries are in (or after 10 s),
   * so that a cold server's first round can be set beside the later ones.
   */
  private Future<Void> rounds(ProcessStats server, StreamReaders subs, Publisher publisher, int firstSeq,
                              int perRound, int rate, int left, JsonArray roundCpu) {
    if (left == 0) {
      return Future.succeededFuture();
    }
    ProcessStats.Cpu before = server.cpu();
    long deliveredBefore = subs.deliveries();
    long due = deliveredBefore + (long) perRound * subs.connected();
    return publisher.publish(firstSeq, perRound, rate)
      .compose(v -> until(() -> subs.deliveries() >= due, 10_000).recover(late -> pause(0)))
      .compose(v -> {
        roundCpu.add(perEvent(server.cpu().total() - before.total(), subs.deliveries() - deliveredBefore));
        return rounds(server, subs, publisher, firstSeq + perRound, perRound, rate, left - 1, roundCpu);
      });
  }

  /** Microseconds of CPU per delivered event, to two decimals; -1 when nothing was delivered. */
  private static double perEvent(double cpuSeconds, long delivered) {
    return delivered == 0 ? -1 : Math.round(cpuSeconds * 1e6 / delivered * 100) / 100.0;
  }

  private Future<Void> pause(long millis) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(Math.max(1, millis), t -> done.complete());
    return done.future();
  }

  private Future<Void> until(BooleanSupplier condition, long timeoutMillis) {
    return Waits.until(vertx, condition, timeoutMillis);
  }

  private static final long PUBLISH_TIMEOUT_MILLIS = 10_000;

  /** POSTs {@code t=<nanoTime>;s=<seq>;} plus padding, one event per tick of 1/rate seconds. */
  private final class Publisher {

    private final URI url;
    private final String padding;
    private final HttpClient http = publisherVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(8));

    Publisher(URI url, int payload) {
      this.url = url;
      this.padding = "x".repeat(Math.max(0, payload - 32));
    }

    /** Completes when the last of the events has been answered. */
    Future<Void> publish(int firstSeq, int count, int rate) {
      if (count == 0) {
        return Future.succeededFuture();
      }
      Schedule schedule = new Schedule(firstSeq, count, 1_000_000_000L / rate);
      schedule.tick();
      return schedule.done.future();
    }

    /**
     * The events of one {@link #publish} call, each sent when its time has come. Each has its own timer, set for
     * its due time: a timer that ticked every millisecond cost the load tool a tenth of a core, on the cores it
     * shares with the server.
     */
    private final class Schedule {

      private final Promise<Void> done = Promise.promise();
      private final AtomicLong answered = new AtomicLong();
      private final long start = System.nanoTime();
      private final int firstSeq;
      private final int end;
      private final long periodNanos;
      private int next;

      Schedule(int firstSeq, int count, long periodNanos) {
        this.firstSeq = firstSeq;
        this.end = firstSeq + count;
        this.periodNanos = periodNanos;
        this.next = firstSeq;
      }

      void tick() {
        long due = (System.nanoTime() - start) / periodNanos + firstSeq + 1;
        while (next < Math.min(due, end)) {
          send(next++).onComplete(ar -> {
            if (answered.incrementAndGet() == end - firstSeq) {
              done.tryComplete();
            }
          });
        }
        if (next < end) {
          long nextAt = start + (next - firstSeq) * periodNanos;
          publisherVertx.setTimer(Math.max(1, (nextAt - System.nanoTime() + 999_999) / 1_000_000), id -> tick());
        }
      }
    }

    private Future<Integer> send(int seq) {
      Buffer body = Buffer.buffer("t=" + System.nanoTime() + ";s=" + seq + ";" + padding);
      RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(url.getHost())
        .setPort(url.getPort())
        .setURI(url.getRawPath())
        // An answer that never comes counts as a publish error instead of holding the run forever.
        .setTimeout(PUBLISH_TIMEOUT_MILLIS);
      return http.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(response.statusCode()))
        .onComplete(ar -> {
          if (ar.failed() || ar.result() >= 300) {
            publishErrors.incrementAndGet();
          }
        });
    }
  }

}
