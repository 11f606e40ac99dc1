package io.ssehub.gateway;

import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.config.GatewayConfig;
import io.ssehub.sse.SseFrames;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The generic hub API: {@code GET /topics/{topic}}, {@code GET /subscribe?topic=a&topic=b} and
 * {@code POST /topics/{topic}?event=name}, whose body is the event's data. A stream opened with
 * {@code ?format=json} gets each event as {@link SseView#JSON}.
 */
public final class TopicRoutes implements RouteModule {

  private static final int MAX_EVENT_NAME = 128;
  private static final int MAX_EVENT_ID = 64;

  private final StreamServices streams;
  private final Publisher publisher;
  private final GatewayConfig config;

  public TopicRoutes(StreamServices streams, Publisher publisher, GatewayConfig config) {
    this.streams = streams;
    this.publisher = publisher;
    this.config = config;
  }

  @Override
  public void mount(Router router) {
    router.get("/topics/:topic").handler(this::subscribeOne);
    router.get("/subscribe").handler(this::subscribeMany);
    router.post("/topics/:topic").handler(this::publish);
  }

  private void subscribeOne(RoutingContext ctx) {
    open(ctx, List.of(ctx.pathParam("topic")));
  }

  private void subscribeMany(RoutingContext ctx) {
    List<String> topics = ctx.queryParam("topic").stream().distinct().toList();
    if (topics.isEmpty()) {
      HttpReplies.text(ctx, 400, "Name at least one topic: /subscribe?topic=a&topic=b.");
    } else if (topics.size() > config.maxTopicsPerStream()) {
      HttpReplies.text(ctx, 400, "A stream can follow at most " + config.maxTopicsPerStream() + " topics; "
        + topics.size() + " were named.");
    } else {
      open(ctx, topics);
    }
  }

  private void open(RoutingContext ctx, List<String> topics) {
    String invalid = topics.stream().filter(topic -> !Topics.isValidName(topic)).findFirst().orElse(null);
    if (invalid != null) {
      HttpReplies.text(ctx, 400, "Invalid topic name \"" + Bodies.printable(invalid) + "\": use " + Topics.nameRule() + ".");
      return;
    }
    String lastEventId = lastEventId(ctx);
    if (lastEventId != null && (lastEventId.length() > MAX_EVENT_ID || !SseFrames.isSingleLine(lastEventId))) {
      HttpReplies.text(ctx, 400, "The Last-Event-ID is not an id this hub gave out; reconnect without it.");
      return;
    }
    String format = ctx.request().getParam("format", "sse");
    if (!format.equals("sse") && !format.equals("json")) {
      HttpReplies.text(ctx, 400, "The format must be 'sse' (events as published, the default) or 'json' (each "
        + "event's data a JSON object with its topic, event name and data); drop the parameter or use one of them.");
      return;
    }
    streams.open(ctx, StreamSpec.of(topics, config.keepAliveMillis())
      .lastEventId(lastEventId)
      .view(format.equals("json") ? SseView.JSON : SseView.STANDARD));
  }

  private void publish(RoutingContext ctx) {
    String topic = ctx.pathParam("topic");
    String event = ctx.request().getParam("event");
    if (!Topics.isValidName(topic)) {
      HttpReplies.text(ctx, 400, "Invalid topic name \"" + Bodies.printable(topic) + "\": use " + Topics.nameRule() + ".");
      return;
    }
    if (event != null && (event.isEmpty() || event.length() > MAX_EVENT_NAME || !SseFrames.isSingleLine(event))) {
      HttpReplies.text(ctx, 400, "The event name must be 1 to " + MAX_EVENT_NAME
        + " characters with no CR, LF or NUL.");
      return;
    }
    String data = Bodies.utf8(ctx.body().buffer());
    if (data == null) {
      HttpReplies.text(ctx, 400, "The body is not valid UTF-8 text; send the event's data as UTF-8.");
      return;
    }
    publisher.publish(topic, event, data)
      .onSuccess(id -> HttpReplies.json(ctx, 201, new JsonObject().put("id", id).put("topic", topic)))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "history", failure));
  }

  private static String lastEventId(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    return header != null ? header : ctx.request().getParam("lastEventId");
  }
}
