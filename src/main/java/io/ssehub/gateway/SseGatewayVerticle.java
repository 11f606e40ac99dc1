package io.ssehub.gateway;

import io.ssehub.bus.Publisher;
import io.ssehub.config.CorsConfig;
import io.ssehub.config.GatewayConfig;
import io.ssehub.health.HealthRoutes;
import io.ssehub.metrics.MetricsRoutes;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.security.AccessRule;
import io.ssehub.security.AuthRoutes;
import io.ssehub.security.EdgeGuard;
import io.ssehub.security.PublishRateLimit;
import io.ssehub.security.WellFormed;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP face of a node: the core's routes (the topic API, {@code /metrics}, {@code /health}, {@code /ready}), the
 * routes of the modules whose roles the node runs ({@link NodeContext#modules}), and the static webroot, on one port.
 * Every route has a row in its module's access rules, or the core's; the gateway refuses to start otherwise.
 * Deploy several instances to use several event loops; they share the port and the node's fanout.
 *
 * <p>Sends to {@code hub.publish}, {@code hub.replay} and whatever its modules' routes send to; receives topic
 * events through the node's {@link TopicFanout}. Config: the {@code gateway} section, and from the node's config
 * {@code auth} (the guards of {@link AuthRoutes}), {@code limits} (through the node's budget, and the publish rate of
 * {@link PublishRateLimit}) and {@code cors}.
 */
public class SseGatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SseGatewayVerticle.class);
  /** Browsers re-check the page's scripts after a minute, so an upgraded hub is not hidden by a cache for a day. */
  private static final long STATIC_MAX_AGE_SECONDS = 60;

  private final GatewayConfig gateway;
  private final NodeContext node;
  private StreamServices streams;
  private EdgeGuard edge;
  private GatewayTls tls;
  private HttpServer server;

  /** The {@code gateway} section, and the node's context (fanout, counts, meters, health, budget, modules). */
  public SseGatewayVerticle(GatewayConfig gateway, NodeContext node) {
    this.gateway = gateway;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    streams = new StreamServices(vertx, gateway, node.fanout(), node.gauges(), node.budget());
    tls = new GatewayTls(vertx, gateway.tls());
    HttpServerOptions options = serverOptions(gateway);
    edge = new EdgeGuard(vertx, gateway, node.budget(), node.metrics(), options);
    Router router = Router.router(vertx);
    router.route().handler(AccessLog.handler(node.config().log().access()));
    router.route().handler(WellFormed::query);
    router.route().handler(cors(node.config().cors()));
    router.route().method(HttpMethod.POST).method(HttpMethod.PUT).handler(BodyHandler.create()
      .setBodyLimit(gateway.maxBodyBytes())
      .setHandleFileUploads(false));
    AuthRoutes auth = new AuthRoutes(vertx, node.config().auth(), node.metrics(), accessRules());
    auth.mount(router);
    new PublishRateLimit(node.budget().publishBuckets(), node.metrics()).mount(router);
    mountRoutes(router);
    List<String> unguarded = auth.unguarded(router);
    if (!unguarded.isEmpty()) {
      return Future.failedFuture("Routes without an access rule in their module or security/AuthRoutes (say who may "
        + "use them): " + unguarded);
    }
    router.route().handler(staticFiles(gateway.webroot())
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
    return server.listen(gateway.port(), gateway.host())
      .compose(tls::watch);
  }

  /**
   * Closes this instance's open streams spread over {@code gateway.drainSeconds}, on its own event loop
   * ({@link StreamServices#drain}); completes with their count when the last is closed. Called from any thread.
   */
  public Future<Integer> drain() {
    return streams.drain();
  }

  @Override
  public Future<?> stop() {
    edge.stop();
    tls.stop();
    streams.endAll();
    return server.close();
  }

  /**
   * The static files of {@code gateway.webroot}: an absolute path is a directory of the file system; a relative
   * one is looked up under the working directory, then in the jar, where the shipped pages are.
   */
  private static StaticHandler staticFiles(String webroot) {
    return Path.of(webroot).isAbsolute()
      ? StaticHandler.create(FileSystemAccess.ROOT, webroot)
      : StaticHandler.create(webroot);
  }

  /**
   * No WebSocket compression, so no WebSocket extension handler in the pipeline. Strict thread mode: every response
   * is written on its connection's event loop (stream writes hop there, bus replies come back there), so Vert.x
   * writes straight to the channel. No h2c unless {@code gateway.h2c} asks for it, so that a connection that sends
   * nothing is seen by the edge's connection cap and head timeout. With {@code gateway.tls}: HTTPS, HTTP/2 or
   * HTTP/1.1 by ALPN ({@link GatewayTls}). Why each one: docs/benchmarks.md and docs/tls.md.
   */
  private HttpServerOptions serverOptions(GatewayConfig gateway) {
    HttpServerOptions options = new HttpServerOptions()
      .setStrictThreadMode(true)
      .setHttp2ClearTextEnabled(false)
      .setTcpNoDelay(true)
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false);
    if (gateway.h2c() && !gateway.tls().enabled()) {
      options.setHttp2ClearTextEnabled(true)
        .setIdleTimeout((int) silentConnectionMillis(gateway))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return tls.apply(options, gateway.headTimeoutMillis());
  }

  /**
   * With h2c on, Vert.x makes a connection (and calls the edge's connection handler) only once its first bytes tell
   * HTTP/1.1 from HTTP/2, so the edge's head timeout cannot see a connection that sends nothing. Netty's idle timer
   * then closes it: after this long without a byte either way, longer than any quiet time the edge allows a
   * connection it sees (an SSE stream writes at least every keep-alive interval).
   */
  static long silentConnectionMillis(GatewayConfig gateway) {
    return Math.max(gateway.headTimeoutMillis(), Math.max(gateway.idleTimeoutMillis(), gateway.keepAliveMillis()))
      + 1000;
  }

  /**
   * A body over gateway.maxBodyBytes: the answer, then the connection closed (on HTTP/2 the stream reset), so the
   * rest is never read.
   */
  private void tooLarge(RoutingContext ctx) {
    edge.refused("body_too_large", "a body over gateway.maxBodyBytes from " + ctx.request().remoteAddress());
    EdgeGuard.lastAnswer(ctx.request());
    HttpReplies.text(ctx, 413, "The body is larger than the limit of " + gateway.maxBodyBytes()
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
      EdgeGuard.lastAnswer(ctx.request());
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

  /** The core's rows, then those of each module the node runs. */
  private List<AccessRule> accessRules() {
    List<AccessRule> rules = new ArrayList<>(AuthRoutes.CORE);
    node.modules().forEach(module -> rules.addAll(module.rules()));
    return rules;
  }

  /** The core's routes, then each module's, in the modules' order. */
  private void mountRoutes(Router router) {
    RouteKit kit = new RouteKit(vertx, streams, new Publisher(vertx, gateway.requestTimeoutMillis()), node);
    new TopicRoutes(streams, kit.publisher(), gateway).mount(router);
    new PublishRoutes(kit.publisher(), gateway, node.config().limits().maxEventBytes()).mount(router);
    new TopicReadRoutes(vertx, node).mount(router);
    new MetricsRoutes(node.metrics()).mount(router);
    new HealthRoutes(node.health()).mount(router);
    new WebrootRoutes().mount(router);
    for (HubModule module : node.modules()) {
      module.mount(router, kit);
    }
  }

  private static CorsHandler cors(CorsConfig config) {
    CorsHandler cors = CorsHandler.create();
    if (!config.anyOrigin()) {
      cors.addOrigins(config.allowedOrigins());
    }
    return cors.allowCredentials(config.allowCredentials())
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.OPTIONS))
      .allowedHeaders(Set.of("Content-Type", "Last-Event-ID", "Authorization"))
      .exposedHeaders(Set.of("Mercure-Last-Event-ID", "Link"));
  }

  private void internalError(RoutingContext ctx) {
    LOG.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    if (!ctx.response().headWritten()) {
      HttpReplies.text(ctx, 500, "The hub failed on this request; the error has been logged.");
    }
  }
}
