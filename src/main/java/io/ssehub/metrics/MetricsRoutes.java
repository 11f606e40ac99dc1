package io.ssehub.metrics;

import io.ssehub.gateway.RouteModule;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus text format of the node's registry (see {@link HubMetrics}). When the
 * Vertx instance runs without Vert.x metrics, the body starts with a comment line that says so.
 */
public final class MetricsRoutes implements RouteModule {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final String NO_VERTX_METRICS = "# Vert.x metrics are off in this Vertx instance (it was not built by "
    + "io.ssehub.Main): only the hub's own meters follow, no JVM or event-bus figures.\n";

  private final HubMetrics metrics;

  public MetricsRoutes(HubMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void mount(Router router) {
    router.get("/metrics").handler(this::scrape);
  }

  private void scrape(RoutingContext ctx) {
    String body = metrics.vertxMetricsEnabled() ? metrics.scrape() : NO_VERTX_METRICS + metrics.scrape();
    ctx.response()
      .putHeader("Content-Type", CONTENT_TYPE)
      .putHeader("Cache-Control", "no-cache")
      .end(body);
  }
}
