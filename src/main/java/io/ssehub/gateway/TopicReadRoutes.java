package io.ssehub.gateway;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.EventId;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Reading a topic without a stream: {@code GET /topics/{topic}/events?after=<id>&limit=<n>}, its retained events as
 * JSON ({@link Addresses#HISTORY_EVENTS}), and {@code GET /topics/{topic}/info}: its history figures
 * ({@link Addresses#HISTORY_INFO}) and its subscribers on every node, each node's fanout answering for itself
 * ({@link Addresses#fanoutSubscribers}); a node that does not answer within {@code gateway.requestTimeoutMillis}
 * counts none. Config: {@code gateway.requestTimeoutMillis}.
 */
public final class TopicReadRoutes implements RouteModule {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final int MAX_EVENT_ID = 64;

  private final Vertx vertx;
  private final NodeContext node;
  private final DeliveryOptions options;

  public TopicReadRoutes(Vertx vertx, NodeContext node) {
    this.vertx = vertx;
    this.node = node;
    this.options = new DeliveryOptions().setSendTimeout(node.config().gateway().requestTimeoutMillis());
  }

  @Override
  public void mount(Router router) {
    router.get("/topics/:topic/events").handler(this::events);
    router.get("/topics/:topic/info").handler(this::info);
  }

  private void events(RoutingContext ctx) {
    String topic = validTopic(ctx);
    if (topic == null) {
      return;
    }
    String after = ctx.request().getParam("after");
    if (after != null && (after.length() > MAX_EVENT_ID || EventId.parse(after) == null)) {
      HttpReplies.text(ctx, 400, "\"after\" is not an event id (<millis>-<sequence>, as in the id: lines of a stream); "
        + "send the id of the last event you have, or leave it out for the newest events.");
      return;
    }
    Integer limit = limit(ctx.request().getParam("limit"));
    if (limit == null) {
      HttpReplies.text(ctx, 400, "\"limit\" must be a whole number from 1 to " + MAX_LIMIT + " (default "
        + DEFAULT_LIMIT + ").");
      return;
    }
    JsonObject request = new JsonObject().put("topic", topic).put("limit", limit);
    if (after != null) {
      request.put("after", after);
    }
    history(Addresses.HISTORY_EVENTS, Addresses.HISTORY_EVENTS_LOCAL, request)
      .onSuccess(page -> HttpReplies.json(ctx, 200, page))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "history", failure));
  }

  private void info(RoutingContext ctx) {
    String topic = validTopic(ctx);
    if (topic == null) {
      return;
    }
    JsonObject request = new JsonObject().put("topic", topic);
    Future.all(history(Addresses.HISTORY_INFO, Addresses.HISTORY_INFO_LOCAL, request), subscribers(topic))
      .onSuccess(both -> {
        JsonObject figures = both.resultAt(0);
        HttpReplies.json(ctx, 200, new JsonObject()
          .put("topic", topic)
          .put("subscribers", both.<Integer>resultAt(1))
          .put("lastEventId", figures.getString("lastEventId"))
          .put("retained", figures.getInteger("retained")));
      })
      .onFailure(failure -> HttpReplies.busFailure(ctx, "history", failure));
  }

  private Future<JsonObject> history(String address, String localAddress, JsonObject request) {
    return vertx.eventBus()
      .<JsonObject>request(Publisher.hasLocalHistory(vertx) ? localAddress : address, request, options)
      .map(reply -> reply.body());
  }

  /** The topic's streams summed over the cluster's nodes (this node alone when it is not clustered). */
  private Future<Integer> subscribers(String topic) {
    List<String> nodes = node.clusterManager() == null
      ? List.of(node.fanout().nodeId())
      : List.copyOf(node.clusterManager().getNodes());
    List<Future<Integer>> counts = nodes.stream()
      .map(nodeId -> vertx.eventBus()
        .<JsonObject>request(Addresses.fanoutSubscribers(nodeId), new JsonObject().put("topic", topic), options)
        .map(reply -> reply.body().getInteger("subscribers", 0))
        .otherwise(0))
      .toList();
    return Future.all(counts).map(all -> counts.stream().mapToInt(Future::result).sum());
  }

  private static String validTopic(RoutingContext ctx) {
    String topic = ctx.pathParam("topic");
    if (!Topics.isValidName(topic)) {
      HttpReplies.text(ctx, 400, "Invalid topic name \"" + Bodies.printable(topic) + "\": use " + Topics.nameRule()
        + ".");
      return null;
    }
    return topic;
  }

  /** The limit asked for, the default when none, or null when it is not a whole number in bounds. */
  private static Integer limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      return limit >= 1 && limit <= MAX_LIMIT ? limit : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
