package io.ssehub.alerts;

import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.ssehub.gateway.StreamServices;
import io.ssehub.gateway.StreamSpec;
import io.ssehub.sse.SseFrames;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Seed 001's {@code GET /sse}: the alerts topic as {@code NewAlert} events whose JSON names this node in
 * {@code "server"}. Honours {@code Last-Event-ID} (header or {@code lastEventId} query).
 */
public final class AlertRoutes implements RouteModule {

  private static final int MAX_EVENT_ID = 64;

  private final StreamServices streams;
  private final String topic;
  private final AlertView view;

  public AlertRoutes(StreamServices streams, String topic, String nodeName) {
    this.streams = streams;
    this.topic = topic;
    this.view = new AlertView(nodeName);
  }

  @Override
  public void mount(Router router) {
    router.get("/sse").handler(this::alerts);
  }

  private void alerts(RoutingContext ctx) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId == null) {
      lastEventId = ctx.request().getParam("lastEventId");
    }
    if (lastEventId != null && (lastEventId.length() > MAX_EVENT_ID || !SseFrames.isSingleLine(lastEventId))) {
      HttpReplies.text(ctx, 400, "The Last-Event-ID is not an id this hub gave out; reconnect without it.");
      return;
    }
    streams.open(ctx, StreamSpec.of(List.of(topic), streams.keepAliveMillis())
      .view(view)
      .lastEventId(lastEventId));
  }
}
