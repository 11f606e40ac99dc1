package io.ssehub.gateway;

import io.ssehub.config.GatewayConfig;
import io.ssehub.security.AuthRoutes;
import io.ssehub.security.ConnectionBudget;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What the routes of one gateway instance use to open SSE streams, and the instance's own set of open
 * streams, which it ends on shutdown. Built in the instance's {@code start()}, and lives on that instance's
 * context, which its streams run on too (not on the duplicate context of the request that opened them).
 */
public final class StreamServices {

  private final Vertx vertx;
  private final Context context;
  private final GatewayConfig config;
  private final TopicFanout fanout;
  private final NodeGauges gauges;
  private final ConnectionBudget budget;
  private final Set<SseStream> open = new LinkedHashSet<>();
  private final Map<SseStream, String> addresses = new HashMap<>();

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
    addresses.put(stream, address);
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
    String address = addresses.remove(stream);
    if (address != null) {
      budget.giveBack(address);
    }
  }
}
