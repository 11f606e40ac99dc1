package io.ssehub.node;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.config.GatewayConfig;
import io.ssehub.config.HubConfig;
import io.ssehub.config.Role;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the node's hot paths over loopback before the node says it is up (and before {@code /ready} is up), so that
 * its first clients meet code the JIT has compiled: {@code gateway.warmUpStreams} SSE streams open on a topic of
 * the node's own ({@code ssehub-warm-up-<random>}), {@code gateway.warmUpEvents} events are written to all of them
 * one after the other (as {@code POST}s on a node with a history role, see {@link #publish}: never stored, never sent
 * to another node), and, on a node that runs the switchboard, {@code gateway.warmUpRequests} {@code /ssec} calls go
 * through the gateway, {@value #CALLS_AT_ONCE} at a time on connections of their own. Everything it sends is counted
 * in the meters like any other request. The
 * streams open in two waves, half of them before the first event and half after half the events, and the event ids
 * go as a history's do, so that the JIT is shown the branches that real clients take. Then it waits, at most
 * {@code gateway.warmUpSettleMillis}, for the JIT compiler to finish what that traffic gave it ({@link #settle}). All
 * that is one pass, and it runs {@code gateway.warmUpPasses} times, each pass on new streams and a topic of its own:
 * the first pass's wait ends with code that the JIT compiled for the traffic it saw, and the next pass's traffic
 * makes it recompile what it had guessed wrong, which would otherwise happen under the node's first clients.
 *
 * <p>It never stops a node from starting: a refusal, a failure or {@value #MAX_MILLIS} ms gone by end it early,
 * with a line in the log. It is skipped on a node without the gateway, and over TLS (its client does not trust the
 * node's certificate).
 */
public final class WarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
  static final int CALLS_AT_ONCE = 250;
  /** How long one event may take to reach every warm-up stream before the next is sent anyway. */
  private static final long EVENT_WAIT_MILLIS = 200;
  /** Makes a warm-up event's body about 64 bytes long, as a small event's. */
  private static final String PADDING = "x".repeat(40);
  private static final long STEP_TIMEOUT_MILLIS = 10_000;
  /** The longest the warm-up's traffic may delay the node's start: on a busy machine it ends there, half done. */
  static final long MAX_MILLIS = 5_000;

  private final Vertx vertx;
  private final HubConfig config;
  private final String topic = Topics.WARM_UP_PREFIX + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong frames = new AtomicLong();
  /** Event {@code n} on the bus has the id {@code <idBase + n / 2>-<n % 2>}. */
  private long idBase = System.currentTimeMillis();
  /** The frames the open streams should have received once the last event sent reached them all. */
  private long due;
  private HttpClientAgent client;
  /** Whether the events go as POSTs (a node with a history role, until one is refused) or on the bus. */
  private boolean overHttp;
  /** Which pass this is, from 1 to {@code gateway.warmUpPasses}. */
  private final int pass;
  /** The context the pass started on, the node's: its wait for the JIT runs there. */
  private final Context context;

  private WarmUp(Vertx vertx, HubConfig config, int pass) {
    this.vertx = vertx;
    this.config = config;
    this.pass = pass;
    this.context = vertx.getOrCreateContext();
  }

  /** Completes when the warm-up is over, always successfully. */
  public static Future<Void> run(Vertx vertx, HubConfig config) {
    GatewayConfig gateway = config.gateway();
    if (!config.runs(Role.GATEWAY) || gateway.tls().enabled()
      || gateway.warmUpStreams() + gateway.warmUpRequests() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    pass(vertx, vertx.getOrCreateContext(), config, 1, done);
    return done.future();
  }

  /**
   * Pass {@code pass} and the later ones, each started on the caller's {@code context}; a pass that ended early ends
   * the warm-up. {@code done} completes on that context too: the HTTP client's close may complete on another thread
   * (the acceptor's), and the node must go on from the warm-up on its own event loop.
   */
  private static void pass(Vertx vertx, Context context, HubConfig config, int pass, Promise<Void> done) {
    context.runOnContext(start -> new WarmUp(vertx, config, pass).run().onComplete(ran -> {
      if (ran.succeeded() && ran.result() && pass < config.gateway().warmUpPasses()) {
        pass(vertx, context, config, pass + 1, done);
      } else {
        context.runOnContext(end -> done.complete());
      }
    }));
  }

  /** One pass: its traffic, then the wait for the JIT; completes with whether the traffic completed. */
  private Future<Boolean> run() {
    overHttp = Publisher.hasLocalHistory(vertx);
    long started = System.nanoTime();
    int streams = streams();
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(streams + CALLS_AT_ONCE));
    AtomicInteger calls = new AtomicInteger();
    int events = config.gateway().warmUpEvents();
    int firstWave = streams / 2;
    int firstEvents = firstWave == 0 ? 0 : events / 2;
    return openStreams(firstWave)
      .compose(opened -> publish(0, firstEvents, opened))
      .compose(v -> openStreams(streams - firstWave))
      .compose(opened -> publish(firstEvents, events, firstWave + opened).map(firstWave + opened))
      .compose(opened -> ssecCalls(calls).map(opened))
      .timeout(MAX_MILLIS, TimeUnit.MILLISECONDS)
      .transform(done -> {
        if (done.succeeded()) {
          LOG.info("Warmed up in {} ms on topic {}: {} streams x {} events, {} /ssec calls (pass {} of {})",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), topic, done.result(), config.gateway().warmUpEvents(),
            calls.get(), pass, config.gateway().warmUpPasses());
        } else {
          LOG.info("Warm-up ended early after {} ms: {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            done.cause().getMessage());
        }
        return client.close().otherwiseEmpty().map(done.succeeded());
      })
      .compose(completed -> backOnContext().compose(v -> settle(config.gateway().warmUpSettleMillis())).map(completed));
  }

  /** Completes on the pass's context, whatever thread completed what came before (the client's close, say). */
  private Future<Void> backOnContext() {
    Promise<Void> back = Promise.promise();
    context.runOnContext(v -> back.complete());
    return back.future();
  }

  /** Waits, at most {@code bound} ms, for the JIT to finish what the traffic gave it ({@link JitSettle}). */
  private Future<Void> settle(long bound) {
    return JitSettle.await(vertx, bound).map(outcome -> {
      if (outcome != null) {
        LOG.info(outcome.settled() ? "JIT settled after {} ms ({} ms of compilation meanwhile)"
            : "JIT still compiling after {} ms ({} ms of compilation meanwhile); going on",
          outcome.waitedMillis(), outcome.compiledMillis());
      }
      return null;
    });
  }

  /** The streams to open, within the node's stream limits. */
  private int streams() {
    int wanted = config.gateway().warmUpStreams();
    int perAddress = config.limits().maxConnectionsPerAddress();
    return Math.min(Math.min(wanted, config.limits().maxConnections()), perAddress == 0 ? wanted : perAddress);
  }

  private Future<Integer> openStreams(int streams) {
    List<Future<HttpClientResponse>> opening = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      opening.add(client.request(request(HttpMethod.GET, "/topics/" + topic))
        .compose(request -> request.putHeader("Accept", "text/event-stream").send())
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture("GET /topics/" + topic + " answered " + response.statusCode());
          }
          response.handler(chunk -> frames.addAndGet(occurrences(chunk.toString(), "\ndata:")));
          return Future.succeededFuture(response);
        }));
    }
    return Future.all(opening).map(streams);
  }

  /**
   * Events {@code from} to {@code to} (exclusive) to the {@code streams} open streams, each once its predecessor
   * reached every stream (or after {@value #EVENT_WAIT_MILLIS} ms). On a node with a history role each is a
   * {@code POST /topics/<topic>} with a body, as a publisher's, which the history gives an id, does not store and
   * delivers on this node only (a topic of the warm-up's prefix); elsewhere each is published on this node's bus,
   * with ids as a history gives them: two events per millisecond, so that the streams see both a later millisecond
   * and a later sequence in the same one. The streams open in two waves, the second after half the events
   * ({@link #run}), so that the delivery path also sees streams that get their first event late: the JIT compiles
   * the path it was shown, and a branch it never saw taken makes it throw the compiled code away the first time a
   * client takes it.
   */
  private Future<Void> publish(int from, int to, int streams) {
    if (streams == 0 || from >= to) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger(from);
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      int n = sent.getAndIncrement();
      if (n == to) {
        done.complete();
        return;
      }
      due += streams;
      Runnable await = () -> awaitFrames(due, System.currentTimeMillis() + EVENT_WAIT_MILLIS, next[0]);
      if (overHttp) {
        post(n).onComplete(posted -> {
          if (posted.failed()) {
            // A publish limit (limits.publishRate) or a token check refuses it: the rest go over the bus.
            LOG.info("Warm-up publishes over the bus from here on: {}", posted.cause().getMessage());
            overHttp = false;
            // After every id the history gave: the streams take an event only if its id is later than the last.
            idBase = System.currentTimeMillis() + 1 - n / 2;
            publishOnBus(n);
          }
          await.run();
        });
      } else {
        publishOnBus(n);
        await.run();
      }
    };
    next[0].run();
    return done.future();
  }

  private void publishOnBus(int n) {
    HubEvent event = new HubEvent(new EventId(idBase + n / 2, n % 2), topic, null, "warm up " + n);
    vertx.eventBus().publish(Addresses.topic(topic), event.toJson(), new DeliveryOptions().setLocalOnly(true));
  }

  /** One event as a publisher sends it: a text body of about the size of a small event. */
  private Future<Void> post(int n) {
    return client.request(request(HttpMethod.POST, "/topics/" + topic))
      .compose(request -> request.send("t=" + System.nanoTime() + ";n=" + n + ";" + PADDING))
      .compose(response -> response.body().compose(body -> response.statusCode() == 201 ? Future.<Void>succeededFuture()
        : Future.failedFuture("POST /topics/" + topic + " answered " + response.statusCode())));
  }

  private void awaitFrames(long due, long until, Runnable then) {
    if (frames.get() >= due || System.currentTimeMillis() >= until) {
      then.run();
    } else {
      vertx.setTimer(1, t -> awaitFrames(due, until, then));
    }
  }

  /** {@code gateway.warmUpRequests} {@code /ssec} calls on a node that runs the switchboard. */
  private Future<Void> ssecCalls(AtomicInteger answered) {
    int total = config.runs(Role.SWITCHBOARD) ? config.gateway().warmUpRequests() : 0;
    if (total == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    for (int i = 0; i < Math.min(CALLS_AT_ONCE, total); i++) {
      call(total, sent, answered, done);
    }
    return done.future();
  }

  private void call(int total, AtomicInteger sent, AtomicInteger answered, Promise<Void> done) {
    if (sent.getAndIncrement() >= total) {
      return;
    }
    client.request(request(HttpMethod.GET, "/ssec?m=warm%20up"))
      .compose(request -> request.send())
      .compose(HttpClientResponse::body)
      .onComplete(answer -> {
        if (answer.failed()) {
          done.tryFail(answer.cause());
        } else if (answered.incrementAndGet() == total) {
          done.tryComplete();
        } else {
          call(total, sent, answered, done);
        }
      });
  }

  private RequestOptions request(HttpMethod method, String uri) {
    String host = config.gateway().host();
    return new RequestOptions()
      .setMethod(method)
      .setHost(host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host)
      .setPort(config.gateway().port())
      .setURI(uri)
      .setTimeout(STEP_TIMEOUT_MILLIS);
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
