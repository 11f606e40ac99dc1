package io.ssehub.gateway;

import io.ssehub.alerts.AlertRoutes;
import io.ssehub.announcer.AnnouncerRoutes;
import io.ssehub.bus.Publisher;
import io.ssehub.clock.ClockRoutes;
import io.ssehub.config.CorsConfig;
import io.ssehub.config.GatewayConfig;
import io.ssehub.config.HubConfig;
import io.ssehub.health.HealthRoutes;
import io.ssehub.health.HubHealth;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.metrics.MetricsRoutes;
import io.ssehub.monitor.MonitorRoutes;
import io.ssehub.report.ReportRoutes;
import io.ssehub.security.AuthRoutes;
import io.ssehub.security.ConnectionBudget;
import io.ssehub.security.EdgeGuard;
import io.ssehub.security.WellFormed;
import io.ssehub.switchboard.SwitchboardRoutes;
import io.ssehub.users.UserStreamRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * The HTTP face of a node: the generic topic API, the seed routes and the static webroot, on one port.
 * Deploy several instances to use several event loops; they share the port and the node's fanout.
 *
 * <p>Sends to {@code hub.publish}, {@code hub.replay} and the seed verticles' addresses; receives topic
 * events through the {@link TopicFanout}. Config: the {@code gateway}, {@code seeds}, {@code auth} (the guards of
 * {@link AuthRoutes}), {@code limits} (through the node's {@link ConnectionBudget}) and {@code cors} sections.
 */
public class SseGatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SseGatewayVerticle.class);
  /** Browsers re-check the page's scripts after a minute, so an upgraded hub is not hidden by a cache for a day. */
  private static final long STATIC_MAX_AGE_SECONDS = 60;

  private final HubConfig config;
  private final TopicFanout fanout;
  private final NodeGauges gauges;
  private final HubMetrics metrics;
  private final HubHealth health;
  private final ConnectionBudget budget;
  private StreamServices streams;
  private EdgeGuard edge;
  private HttpServer server;

  public SseGatewayVerticle(HubConfig config, TopicFanout fanout, NodeGauges gauges, HubMetrics metrics,
                            HubHealth health, ConnectionBudget budget) {
    this.config = config;
    this.budget = budget;
    this.fanout = fanout;
    this.gauges = gauges;
    this.metrics = metrics;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    GatewayConfig gateway = config.gateway();
    streams = new StreamServices(vertx, gateway, fanout, gauges, budget);
    HttpServerOptions options = serverOptions();
    edge = new EdgeGuard(vertx, gateway, budget, metrics, options);
    Router router = Router.router(vertx);
    router.route().handler(AccessLog.handler(config.log().access()));
    router.route().handler(WellFormed::query);
    router.route().handler(cors(config.cors()));
    router.route().method(HttpMethod.POST).method(HttpMethod.PUT).handler(BodyHandler.create()
      .setBodyLimit(gateway.maxBodyBytes())
      .setHandleFileUploads(false));
    new AuthRoutes(vertx, config.auth(), metrics).mount(router);
    routeModules().forEach(module -> module.mount(router));
    List<String> unguarded = AuthRoutes.uncovered(router);
    if (!unguarded.isEmpty()) {
      return Future.failedFuture("Routes without a row in security/AuthRoutes (say who may use them): " + unguarded);
    }
    router.route().handler(StaticHandler.create(gateway.webroot())
      .setMaxAgeSeconds(STATIC_MAX_AGE_SECONDS));
    router.errorHandler(413, this::tooLarge);
    router.errorHandler(400, this::malformed);
    router.errorHandler(403, this::forbidden);
    router.errorHandler(500, this::internalError);
    server = vertx.createHttpServer(options)
      .connectionHandler(edge::opened)
      .invalidRequestHandler(edge::invalid)
      .requestHandler(edge.guard(router));
    edge.start();
    return server.listen(gateway.port(), gateway.host());
  }

  @Override
  public Future<?> stop() {
    edge.stop();
    streams.endAll();
    return server.close();
  }

  /**
   * No WebSocket is served: without compression support Vert.x leaves the WebSocket extension handler out of the
   * pipeline, which every SSE write would otherwise pass through. Strict thread mode: every response is written on
   * its connection's event loop (stream writes hop there, bus replies come back there), so Vert.x writes straight to
   * the channel instead of through a queue that costs 4.7 KB of heap per connection (a 1,024-slot array), more than
   * half of what an idle SSE connection holds. No h2c: with it Vert.x waits for a connection's first bytes before it
   * makes the HTTP connection, so one that sends nothing is never seen by the edge's connection cap and head timeout.
   */
  private static HttpServerOptions serverOptions() {
    return new HttpServerOptions()
      .setStrictThreadMode(true)
      .setHttp2ClearTextEnabled(false)
      .setTcpNoDelay(true)
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false);
  }

  /** A body over gateway.maxBodyBytes: the answer, then the connection closed, so the rest is never read. */
  private void tooLarge(RoutingContext ctx) {
    edge.refused("body_too_large", "a body over gateway.maxBodyBytes from " + ctx.request().remoteAddress());
    ctx.response().putHeader("Connection", "close");
    HttpReplies.text(ctx, 413, "The body is larger than the limit of " + config.gateway().maxBodyBytes()
      + " bytes; send a smaller one.");
    edge.closeAfter(ctx.request());
  }

  /**
   * A 400 raised by a handler, as when the body handler meets a body that is not valid HTTP (a broken chunk): a
   * rate-limited warning without a stack trace, a sentence when the answer has not started, and the connection
   * closed, since where the next request would start is unknown.
   */
  private void malformed(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    String cause = failure == null || failure.getMessage() == null ? "" : " (" + failure.getMessage() + ")";
    edge.refused("malformed", "a malformed request from " + ctx.request().remoteAddress() + cause);
    if (!ctx.response().headWritten() && !ctx.response().closed()) {
      ctx.response().putHeader("Connection", "close");
      HttpReplies.text(ctx, 400, "The request is not valid HTTP/1.1" + cause + "; fix it and send it again.");
    }
    edge.closeAfter(ctx.request());
  }

  /** A 403 raised by a handler (the CORS handler refusing an origin): a rate-limited warning, no stack trace. */
  private void forbidden(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      HttpReplies.text(ctx, 403, "This request is not allowed here.");
      return;
    }
    edge.refused("cors", "origin " + origin + " refused for " + ctx.request().path());
    HttpReplies.text(ctx, 403, "The origin " + origin + " may not use this hub from a browser; ask for it to be "
      + "added to cors.allowedOrigins.");
  }

  private List<RouteModule> routeModules() {
    long timeout = config.gateway().requestTimeoutMillis();
    Publisher publisher = new Publisher(vertx, timeout);
    return List.of(
      new TopicRoutes(streams, publisher, config.gateway()),
      new AnnouncerRoutes(vertx, streams, publisher, timeout),
      new ClockRoutes(streams),
      new UserStreamRoutes(streams, publisher, config.seeds()),
      new MonitorRoutes(vertx, streams, timeout),
      new ReportRoutes(vertx, streams, config.reports(), timeout),
      new AlertRoutes(streams, config.generator().topic(), config.nodeName()),
      new MetricsRoutes(metrics),
      new HealthRoutes(health),
      new SwitchboardRoutes(vertx, config.switchboard(), timeout, metrics));
  }

  private static CorsHandler cors(CorsConfig config) {
    CorsHandler cors = CorsHandler.create();
    if (!config.anyOrigin()) {
      cors.addOrigins(config.allowedOrigins());
    }
    return cors.allowCredentials(config.allowCredentials())
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.OPTIONS))
      .allowedHeaders(Set.of("Content-Type", "Last-Event-ID", "Authorization"));
  }

  private void internalError(RoutingContext ctx) {
    LOG.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    if (!ctx.response().headWritten()) {
      HttpReplies.text(ctx, 500, "The hub failed on this request; the error has been logged.");
    }
  }
}
