package io.ssehub.gateway;

import io.ssehub.bus.Topics;
import io.ssehub.config.GatewayConfig;
import io.ssehub.security.AuthRoutes;
import io.ssehub.security.ConnectionBudget;
import io.ssehub.sse.SseFrames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the routes of one gateway instance use to open SSE streams, and the instance's own set of open
 * streams, which it ends on shutdown. Built in the instance's {@code start()}, and lives on that instance's
 * context, which its streams run on too (not on the duplicate context of the request that opened them).
 * On SIGTERM it drains them ({@link #drain}) on that context.
 */
public final class StreamServices {

  private final Vertx vertx;
  private final Context context;
  private final GatewayConfig config;
  private final TopicFanout fanout;
  private final NodeGauges gauges;
  private final ConnectionBudget budget;
  private final Set<SseStream> open = new LinkedHashSet<>();
  private final Map<SseStream, Held> held = new HashMap<>();

  /** What a stream holds besides itself: its client address's slot, and its connection. */
  private record Held(String address, HttpConnection connection) {
  }

  public StreamServices(Vertx vertx, GatewayConfig config, TopicFanout fanout, NodeGauges gauges,
                        ConnectionBudget budget) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.fanout = fanout;
    this.gauges = gauges;
    this.budget = budget;
  }

  /**
   * Answers the request with an SSE stream as the spec says, when the node and the client's address have a
   * stream slot left; else 503 (node full) or 429 (address over its limit), with {@code Retry-After}. A stream
   * whose request a token let on ends when the token does ({@link AuthRoutes#tokenEnd}).
   */
  public void open(RoutingContext ctx, StreamSpec spec) {
    if (ctx.request().version() == HttpVersion.HTTP_1_0) {
      HttpReplies.text(ctx, 505, "An SSE stream needs HTTP/1.1 (chunked transfer); behind nginx, set "
        + "proxy_http_version 1.1 for this location.");
      return;
    }
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    ConnectionBudget.Refusal refusal = budget.take(address);
    if (refusal != null) {
      ctx.response().putHeader("Retry-After", String.valueOf(budget.retryAfterSeconds()));
      HttpReplies.text(ctx, refusal.status(), refusal.sentence());
      return;
    }
    SseWire wire = SseWire.of(ctx.request(), config);
    ctx.put(AccessLog.BODY_BYTES, (LongSupplier) wire::bytesWritten);
    SseStream stream = new SseStream(this, ctx.response(), wire, spec, context, AuthRoutes.tokenEnd(ctx));
    held.put(stream, new Held(address, ctx.request().connection()));
    stream.open();
  }

  /** The default keep-alive interval of this gateway. */
  public long keepAliveMillis() {
    return config.keepAliveMillis();
  }

  /** Ends every open stream of this instance, so that their clients reconnect elsewhere. */
  public void endAll() {
    new ArrayList<>(open).forEach(SseStream::end);
  }

  /**
   * Closes this instance's open streams on its own context, spread evenly over {@code gateway.drainSeconds}
   * ({@link DrainSchedule}), oldest first: each gets a jittered {@code retry:} hint, its response ends, and its
   * connection is shut down (at once on HTTP/1.1, after its other streams on HTTP/2), so that the client reconnects
   * through the load balancer, not on a connection to this node. Completes with the count once the last is closed.
   * The node's own warm-up streams (a SIGTERM while it starts) are closed at once, outside the schedule and the
   * count. New streams are refused by the node's budget meanwhile ({@link ConnectionBudget#refuseNew}).
   */
  public Future<Integer> drain() {
    Promise<Integer> drained = Promise.promise();
    context.runOnContext(v -> drainOpen(drained));
    return drained.future();
  }

  private void drainOpen(Promise<Integer> drained) {
    List<SseStream> streams = new ArrayList<>();
    long window = config.drainSeconds() * 1000L;
    for (SseStream stream : new ArrayList<>(open)) {
      if (Topics.warmUpOnly(stream.spec().topics())) {
        // The node's own warm-up client (a SIGTERM during start-up): no one to spread out, so it goes at once and
        // takes no slot of the clients' schedule.
        drainOne(stream, 0);
      } else {
        streams.add(stream);
      }
    }
    long[] at = DrainSchedule.closeTimes(streams.size(), window);
    int[] left = {streams.size()};
    if (streams.isEmpty()) {
      drained.complete(0);
    }
    for (int i = 0; i < streams.size(); i++) {
      SseStream stream = streams.get(i);
      Runnable close = () -> {
        drainOne(stream, window);
        if (--left[0] == 0) {
          drained.complete(streams.size());
        }
      };
      if (at[i] == 0) {
        close.run();
      } else {
        vertx.setTimer(at[i], id -> close.run());
      }
    }
  }

  private void drainOne(SseStream stream, long windowMillis) {
    Held streamHeld = held.get(stream);
    if (streamHeld == null) {
      return;
    }
    stream.endWith(SseFrames.retry(DrainSchedule.retryMillis(config.retryMillis(), ThreadLocalRandom.current())));
    streamHeld.connection().shutdown(windowMillis + 1000, TimeUnit.MILLISECONDS);
  }

  Vertx vertx() {
    return vertx;
  }

  GatewayConfig config() {
    return config;
  }

  TopicFanout fanout() {
    return fanout;
  }

  NodeGauges gauges() {
    return gauges;
  }

  void opened(SseStream stream) {
    open.add(stream);
    gauges.openStreams.incrementAndGet();
    gauges.streamsOpened.incrementAndGet();
  }

  void closed(SseStream stream) {
    if (open.remove(stream)) {
      gauges.openStreams.decrementAndGet();
    }
    Held streamHeld = held.remove(stream);
    if (streamHeld != null) {
      budget.giveBack(streamHeld.address());
    }
  }
}
