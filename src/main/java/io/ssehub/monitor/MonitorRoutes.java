package io.ssehub.monitor;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Topics;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.ssehub.gateway.StreamServices;
import io.ssehub.gateway.StreamSpec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * {@code GET /monitor}: seed 002's {@code cpu_usage} and {@code memory_usage} of this node, with the figures of
 * {@link MonitorVerticle} (connections, topics, events per second, cluster members). {@code GET /monitor/stream}:
 * the same figures as an SSE stream, {@code event: monitor} once a second from every node's monitor. It follows
 * only what comes next: the figures are not kept, so a {@code Last-Event-ID} is ignored rather than replayed.
 */
public final class MonitorRoutes implements RouteModule {

  private final Vertx vertx;
  private final StreamServices streams;
  private final DeliveryOptions options;

  public MonitorRoutes(Vertx vertx, StreamServices streams, long timeoutMillis) {
    this.vertx = vertx;
    this.streams = streams;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  @Override
  public void mount(Router router) {
    router.get("/monitor").handler(this::monitor);
    router.get("/monitor/stream").handler(this::stream);
  }

  private void monitor(RoutingContext ctx) {
    vertx.eventBus()
      .<JsonObject>request(Addresses.MONITOR_SAMPLE, new JsonObject(), options)
      .onSuccess(figures -> HttpReplies.json(ctx, 200, figures.body()))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "monitor", failure));
  }

  private void stream(RoutingContext ctx) {
    streams.open(ctx, StreamSpec.of(List.of(Topics.MONITOR), streams.keepAliveMillis()));
  }
}
