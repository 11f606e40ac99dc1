package io.ssehub.gateway;

import io.ssehub.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the routes of one gateway instance use to open SSE streams, and the instance's own set of open
 * streams, which it ends on shutdown. Lives on the instance's event loop.
 */
public final class StreamServices {

  private final Vertx vertx;
  private final GatewayConfig config;
  private final TopicFanout fanout;
  private final NodeGauges gauges;
  private final Set<SseStream> open = new LinkedHashSet<>();

  public StreamServices(Vertx vertx, GatewayConfig config, TopicFanout fanout, NodeGauges gauges) {
    this.vertx = vertx;
    this.config = config;
    this.fanout = fanout;
    this.gauges = gauges;
  }

  /** Answers the request with an SSE stream as the spec says. */
  public void open(RoutingContext ctx, StreamSpec spec) {
    new SseStream(this, ctx.response(), spec, vertx.getOrCreateContext()).open();
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
  }
}
