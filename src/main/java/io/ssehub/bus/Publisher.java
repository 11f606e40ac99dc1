package io.ssehub.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Publishes events through the history verticle, which gives each its id, keeps it for replay and
 * publishes it to the topic's address. Any verticle publishes this way. A node that runs a history role
 * publishes through its own ({@link Addresses#PUBLISH_LOCAL}); any other asks one on the cluster.
 */
public final class Publisher {

  private static final String LOCAL_HISTORY = "history";

  private final Vertx vertx;
  private final DeliveryOptions options;

  public Publisher(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  /** Publishes and keeps the event in the topic's history; the future holds the new id. */
  public Future<String> publish(String topic, String event, String data) {
    return send(topic, event, data, false);
  }

  /** Publishes one event, with one id, to several topics; a stream that follows several of them gets it once. */
  public Future<String> publish(List<String> topics, String event, String data) {
    JsonObject request = new JsonObject()
      .put("topics", new JsonArray(topics))
      .put("data", data);
    if (event != null) {
      request.put("event", event);
    }
    return request(request).map(reply -> reply.getString("id"));
  }

  /**
   * Sends a publish request as {@link Addresses#PUBLISH} describes it; the future holds the history's reply
   * {@code {id, topic, topics, duplicate}}.
   */
  public Future<JsonObject> request(JsonObject request) {
    return vertx.eventBus()
      .<JsonObject>request(hasLocalHistory(vertx) ? Addresses.PUBLISH_LOCAL : Addresses.PUBLISH, request, options)
      .map(reply -> reply.body());
  }

  /** Publishes a heartbeat-like event that gets an id but is not kept for replay. */
  public Future<String> publishTransient(String topic, String event, String data) {
    return send(topic, event, data, true);
  }

  /**
   * Publishes a message as the holder of a writer lease (the Redis bridge's, see {@code redis.writerLeaseMillis}),
   * at {@code position} ({@code <marker>:<count>}) on its channel: a history shared by the nodes stores it only
   * while {@code writerLease} is held and only if no message at or after that position is stored. The future holds
   * the new id, or null when nothing was stored.
   */
  public Future<String> publishAsWriter(String topic, String data, String writerLease, String position) {
    return send(topic, null, data, false, new JsonObject().put("writer", writerLease).put("position", position));
  }

  private Future<String> send(String topic, String event, String data, boolean isTransient) {
    return send(topic, event, data, isTransient, new JsonObject());
  }

  private Future<String> send(String topic, String event, String data, boolean isTransient, JsonObject writer) {
    JsonObject request = new JsonObject()
      .put("topic", topic)
      .put("data", data)
      .put("transient", isTransient);
    if (event != null) {
      request.put("event", event);
    }
    request.mergeIn(writer);
    return request(request).map(reply -> reply.getString("id"));
  }

  /** Whether this node's history role serves {@link Addresses#PUBLISH_LOCAL}; it says so in a local map. */
  public static boolean hasLocalHistory(Vertx vertx) {
    return vertx.sharedData().getLocalMap(Addresses.PUBLISH_LOCAL).containsKey(LOCAL_HISTORY);
  }

  /** Called by the history role once it serves {@link Addresses#PUBLISH_LOCAL}, and with false when it stops. */
  public static void localHistory(Vertx vertx, boolean serving) {
    if (serving) {
      vertx.sharedData().getLocalMap(Addresses.PUBLISH_LOCAL).put(LOCAL_HISTORY, true);
    } else {
      vertx.sharedData().getLocalMap(Addresses.PUBLISH_LOCAL).remove(LOCAL_HISTORY);
    }
  }
}
