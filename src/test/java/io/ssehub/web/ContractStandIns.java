package io.ssehub.web;

import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A front door for the browser that answers the three routes whose roles are built on other branches, exactly as
 * their contracts say (seed-contracts.md: seed 001's {@code GET /sse}, seed 000's {@code GET /ssec?m=}, and the
 * node-figures stream {@code GET /monitor/stream}), and passes every other request through, streamed, to a real
 * hub node. So the page is tested against those contracts now, on one origin, with everything else real.
 */
final class ContractStandIns {

  static final String NODE = "stand-in-node-a";

  private final Vertx vertx;
  private final int hubPort;
  private final HttpClient client;
  private final AtomicInteger alertKey = new AtomicInteger();
  private HttpServer server;

  ContractStandIns(Vertx vertx, int hubPort) {
    this.vertx = vertx;
    this.hubPort = hubPort;
    this.client = vertx.createHttpClient();
  }

  Future<Integer> listen() {
    Router router = Router.router(vertx);
    router.get("/sse").handler(this::alerts);
    router.get("/ssec").handler(this::switchboard);
    router.get("/monitor/stream").handler(this::figures);
    router.route().handler(this::passThrough);
    int port = TestHub.freePort();
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").map(s -> {
      server = s;
      return port;
    });
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Seed 001: {@code event: NewAlert}, data {@code {"key", "message", "server"}}, every 300 ms. */
  private void alerts(RoutingContext ctx) {
    HttpServerResponse response = sse(ctx);
    long timer = vertx.setPeriodic(300, t -> {
      int key = alertKey.incrementAndGet() % 10 + 1;
      response.write("event: NewAlert\ndata: {\"key\": \"" + key + "\", \"message\": \"Sending Message: 0." + key
        + "\", \"server\": \"" + NODE + "\"}\n\n");
    });
    response.closeHandler(v -> vertx.cancelTimer(timer));
  }

  /** Seed 000: the text through upper then reverse, or exactly {@code no_reply} (here for "slow" or no m). */
  private void switchboard(RoutingContext ctx) {
    String m = ctx.request().getParam("m");
    String body;
    if (m == null || m.equals("slow")) {
      body = "no_reply";
    } else {
      String upper = m + " " + m.toUpperCase(Locale.ROOT);
      body = upper + " " + new StringBuilder(upper).reverse();
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(body);
  }

  /** Node figures once every 500 ms, unnamed events, with field names the /monitor JSON does not use. */
  private void figures(RoutingContext ctx) {
    HttpServerResponse response = sse(ctx);
    AtomicInteger tick = new AtomicInteger();
    long timer = vertx.setPeriodic(500, t -> response.write("data: " + new JsonObject()
      .put("connections", 3 + tick.get() % 4)
      .put("topics", 4)
      .put("eventsPerSecond", 10.0 + tick.getAndIncrement() % 5)
      .put("members", 2)
      .encode() + "\n\n"));
    response.closeHandler(v -> vertx.cancelTimer(timer));
  }

  private static HttpServerResponse sse(RoutingContext ctx) {
    HttpServerResponse response = ctx.response()
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-cache")
      .setChunked(true);
    response.write(": stand-in\n\n");
    return response;
  }

  /** Everything else goes to the real hub, request and response streamed (SSE streams included). */
  private void passThrough(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    RequestOptions options = new RequestOptions()
      .setMethod(request.method())
      .setHost("127.0.0.1")
      .setPort(hubPort)
      .setURI(request.uri())
      .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
    client.request(options)
      .compose(outgoing -> outgoing.send(request))
      .onSuccess(incoming -> relay(incoming, ctx.response()))
      .onFailure(failure -> {
        if (!ctx.response().headWritten()) {
          ctx.response().setStatusCode(502).end("hub not reached: " + failure.getMessage());
        }
      });
  }

  private static void relay(HttpClientResponse incoming, HttpServerResponse response) {
    response.setStatusCode(incoming.statusCode());
    incoming.headers().forEach((name, value) -> {
      if (!name.equalsIgnoreCase("transfer-encoding") && !name.equalsIgnoreCase("connection")) {
        response.headers().add(name, value);
      }
    });
    if (!response.headers().contains("Content-Length")) {
      response.setChunked(true);
    }
    response.closeHandler(v -> incoming.request().reset());
    incoming.pipeTo(response);
  }
}
