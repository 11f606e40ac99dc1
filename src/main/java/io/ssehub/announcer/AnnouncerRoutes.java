package io.ssehub.announcer;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.ssehub.gateway.StreamServices;
import io.ssehub.gateway.StreamSpec;
import io.ssehub.sse.SseFrames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Seed 002's routes: {@code GET /listen} and {@code GET /events} (START, then PING every second and
 * NICKNAME on changes), {@code POST /nickname}, {@code GET /nicknames}, {@code GET /nickname/{uuid}}
 * and {@code GET /ping}.
 */
public final class AnnouncerRoutes implements RouteModule {

  private static final Buffer START = SseFrames.event(null, "START", "SSE has successfully connected.");

  private final Vertx vertx;
  private final StreamServices streams;
  private final Publisher publisher;
  private final DeliveryOptions options;

  public AnnouncerRoutes(Vertx vertx, StreamServices streams, Publisher publisher, long timeoutMillis) {
    this.vertx = vertx;
    this.streams = streams;
    this.publisher = publisher;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  @Override
  public void mount(Router router) {
    router.get("/listen").handler(this::listen);
    router.get("/events").handler(this::listen);
    router.post("/nickname").handler(this::setNickname);
    router.get("/nicknames").handler(ctx -> readNicknames(ctx, new JsonObject()));
    router.get("/nickname/:uuid").handler(ctx -> readNicknames(ctx, new JsonObject().put("uuid", ctx.pathParam("uuid"))));
    router.get("/ping").handler(this::ping);
  }

  private void listen(RoutingContext ctx) {
    streams.open(ctx, StreamSpec.of(List.of(Topics.ANNOUNCER), streams.keepAliveMillis()).greeting(START));
  }

  private void setNickname(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      error(ctx, 400, "The body must be a JSON object such as {\"name\": \"Hund\"}.");
      return;
    }
    vertx.eventBus()
      .<JsonObject>request(Addresses.ANNOUNCER_NICKNAME, body, options)
      .onSuccess(reply -> HttpReplies.json(ctx, 200, new JsonObject()
        .put("message", "Data received")
        .put("status", "success")
        .put("uuid", reply.body().getString("uuid"))))
      .onFailure(failure -> announcerFailure(ctx, failure));
  }

  private void readNicknames(RoutingContext ctx, JsonObject query) {
    vertx.eventBus()
      .<JsonObject>request(Addresses.ANNOUNCER_NICKNAMES, query, options)
      .onSuccess(reply -> HttpReplies.json(ctx, 200, reply.body()))
      .onFailure(failure -> announcerFailure(ctx, failure));
  }

  private void ping(RoutingContext ctx) {
    publisher.publish(Topics.ANNOUNCER, "PING", "\"Pinged\"")
      .onSuccess(id -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end("Pinged"))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "history", failure));
  }

  private void announcerFailure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureCode() >= 400 && reply.failureCode() < 500) {
      error(ctx, reply.failureCode(), reply.getMessage());
    } else {
      HttpReplies.busFailure(ctx, "announcer", failure);
    }
  }

  private static void error(RoutingContext ctx, int status, String sentence) {
    HttpReplies.json(ctx, status, new JsonObject().put("message", sentence).put("status", "error"));
  }
}
