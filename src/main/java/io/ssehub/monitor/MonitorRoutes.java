package io.ssehub.monitor;

import io.ssehub.bus.Addresses;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /monitor}: seed 002's {@code cpu_usage} and {@code memory_usage} of this node, with the
 * node's stream and topic counts added.
 */
public final class MonitorRoutes implements RouteModule {

  private final Vertx vertx;
  private final DeliveryOptions options;

  public MonitorRoutes(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  @Override
  public void mount(Router router) {
    router.get("/monitor").handler(this::monitor);
  }

  private void monitor(RoutingContext ctx) {
    vertx.eventBus()
      .<JsonObject>request(Addresses.MONITOR_SAMPLE, new JsonObject(), options)
      .compose(sample -> vertx.eventBus()
        .<JsonObject>request(Addresses.NODE_STATS, new JsonObject(), options)
        .map(stats -> sample.body().copy().mergeIn(stats.body())))
      .onSuccess(body -> HttpReplies.json(ctx, 200, body))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "monitor", failure));
  }
}
