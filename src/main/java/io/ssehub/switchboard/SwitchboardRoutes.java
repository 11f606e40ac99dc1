package io.ssehub.switchboard;

import io.ssehub.bus.Addresses;
import io.ssehub.config.SwitchboardConfig;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.sse.SseFrames;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Seed 000's routes. {@code GET /ssec?m=} answers the pipeline's result or exactly {@code no_reply}, as the
 * seed's operator did, within the window counted from the request's arrival here (see {@link SsecCall}); the
 * request to {@code switchboard.call} carries the budget left ({@code budgetMillis}). The ticket API:
 * {@code GET /q?m=} answers the URL of {@code GET /ssep/{listenerId}}, a one-shot SSE stream of one {@code data:}
 * event (the result, or {@code timed_out}); {@code GET /sink_to} delivers a result to a ticket; {@code GET /flush} drops every pending ticket. Plus
 * {@code GET /switchboard/stats} (JSON counts of this node's tickets, consumers and timers) and
 * {@code GET /processors/stats} (messages each processor instance on this node has handled).
 */
public final class SwitchboardRoutes implements RouteModule {

  private static final String SEED_TEXT = "text/html; charset=utf-8";
  private static final int MAX_LISTENER_ID = 128;

  private final Vertx vertx;
  private final long windowMillis;
  private final SsecMeters meters;
  private final DeliveryOptions answerWithinWindow;
  private final DeliveryOptions command;

  public SwitchboardRoutes(Vertx vertx, SwitchboardConfig config, long requestTimeoutMillis, HubMetrics metrics) {
    this.vertx = vertx;
    this.windowMillis = config.windowMillis();
    this.meters = new SsecMeters(metrics, config.windowMillis());
    this.answerWithinWindow = new DeliveryOptions().setSendTimeout(config.windowMillis() + config.replyGraceMillis());
    this.command = new DeliveryOptions().setSendTimeout(requestTimeoutMillis);
  }

  @Override
  public void mount(Router router) {
    router.get("/ssec").handler(this::call);
    router.get("/q").handler(this::open);
    router.get("/ssep/:listenerId").handler(this::collect);
    router.get("/sink_to").handler(this::sink);
    router.get("/flush").handler(this::flush);
    router.get("/switchboard/stats").handler(ctx -> stats(ctx, Addresses.SWITCHBOARD_STATS, "switchboard"));
    router.get("/processors/stats").handler(ctx -> stats(ctx, Addresses.PROCESSOR_STATS, "processors role"));
  }

  private void call(RoutingContext ctx) {
    SsecCall call = new SsecCall(vertx, ctx, windowMillis, meters);
    // A call without m goes to the switchboard too, which answers no_reply at once and counts it.
    String m = ctx.request().getParam("m");
    vertx.eventBus()
      .<JsonObject>request(Addresses.SWITCHBOARD_CALL, call.deadline().stamp(new JsonObject().put("m", m)),
        answerWithinWindow)
      .onSuccess(reply -> call.replied(reply.body().getString("value")))
      .onFailure(failure -> call.failed());
  }

  private void open(RoutingContext ctx) {
    JsonObject body = new JsonObject();
    String m = ctx.request().getParam("m");
    if (m != null) {
      body.put("m", m);
    }
    vertx.eventBus()
      .<JsonObject>request(Addresses.SWITCHBOARD_OPEN, body, command)
      .onSuccess(reply -> seedText(ctx, 200, origin(ctx) + "/ssep/" + reply.body().getString("listenerId")))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "switchboard", failure));
  }

  private void collect(RoutingContext ctx) {
    String listenerId = ctx.pathParam("listenerId");
    vertx.eventBus()
      .<JsonObject>request(Addresses.ticket(listenerId), new JsonObject().put("await", true), answerWithinWindow)
      .onSuccess(reply -> oneEvent(ctx, reply.body().getString("value")))
      .onFailure(failure -> oneEvent(ctx, Ticket.TIMED_OUT));
  }

  private void sink(RoutingContext ctx) {
    String listenerId = ctx.request().getParam("listener_id");
    if (listenerId == null || listenerId.isEmpty() || listenerId.length() > MAX_LISTENER_ID) {
      seedText(ctx, 400, Ticket.NO_REPLY);
      return;
    }
    String m = ctx.request().getParam("m");
    if (m != null) {
      vertx.eventBus().send(Addresses.ticket(listenerId), new JsonObject().put("m", m));
    }
    seedText(ctx, 200, listenerId);
  }

  private void flush(RoutingContext ctx) {
    vertx.eventBus().publish(Addresses.SWITCHBOARD_FLUSH, new JsonObject());
    seedText(ctx, 200, "ok");
  }

  private void stats(RoutingContext ctx, String address, String what) {
    vertx.eventBus()
      .<JsonObject>request(address, new JsonObject(), command)
      .onSuccess(reply -> HttpReplies.json(ctx, 200, reply.body()))
      .onFailure(failure -> HttpReplies.busFailure(ctx, what, failure));
  }

  private static void oneEvent(RoutingContext ctx, String value) {
    ctx.response()
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-cache")
      .end(SseFrames.event(null, null, value));
  }

  /** A body exactly as the seed's Flask apps sent it: HTML content type, no trailing newline. */
  static void seedText(RoutingContext ctx, int status, String body) {
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", SEED_TEXT)
      .end(body);
  }

  private static String origin(RoutingContext ctx) {
    String host = ctx.request().getHeader("Host");
    return ctx.request().scheme() + "://" + (host == null || host.isEmpty() ? "localhost" : host);
  }
}
