package io.ssehub.testing;

import io.ssehub.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits (bounded) until a node holds a topic consumer for its open streams: an SSE client has its response
 * headers before the stream has subscribed, so a test that publishes right after opening waits for this.
 * Or, in-JVM, until the node's figures meet any other condition.
 */
public final class NodeStats {

  private static final long WAIT_MILLIS = 30_000;

  private NodeStats() {
  }

  /** The node deployed in this Vert.x (in-JVM tests). */
  public static Future<Void> awaitTopicConsumers(Vertx vertx, int count) {
    return awaitFigures(vertx, figures -> figures.getInteger("topicConsumers") >= count,
      "the node had no consumer for the stream's topic");
  }

  /**
   * Waits until the figures of the node deployed in this Vert.x (its {@code NodeGauges}) meet the condition;
   * else fails with {@code unmet}, a sentence saying what was not so.
   */
  public static Future<Void> awaitFigures(Vertx vertx, Predicate<JsonObject> condition, String unmet) {
    return poll(vertx, () -> vertx.eventBus().<JsonObject>request(Addresses.NODE_STATS, new JsonObject())
      .map(reply -> condition.test(reply.body())), System.currentTimeMillis() + WAIT_MILLIS, unmet);
  }

  /** A node in its own JVM that runs the monitor role, through {@code GET /monitor}. */
  public static Future<Void> awaitTopicConsumers(Vertx vertx, WebClient web, int port, int count) {
    return awaitTopicConsumers(vertx, web, "127.0.0.1", port, count);
  }

  /** As {@link #awaitTopicConsumers(Vertx, WebClient, int, int)}, for a node reached on {@code host}. */
  public static Future<Void> awaitTopicConsumers(Vertx vertx, WebClient web, String host, int port, int count) {
    return poll(vertx, () -> web.get(port, host, "/monitor").send()
      .map(response -> response.bodyAsJsonObject().getInteger("topicConsumers", 0) >= count),
      System.currentTimeMillis() + WAIT_MILLIS, "the node had no consumer for the stream's topic");
  }

  private static Future<Void> poll(Vertx vertx, Supplier<Future<Boolean>> check, long deadline, String unmet) {
    Promise<Void> promise = Promise.promise();
    check.get().onComplete(result -> {
      if (result.succeeded() && result.result()) {
        promise.complete();
      } else if (System.currentTimeMillis() > deadline) {
        promise.fail(unmet + " within " + WAIT_MILLIS + " ms");
      } else {
        vertx.setTimer(50, timer -> poll(vertx, check, deadline, unmet).onComplete(promise));
      }
    });
    return promise.future();
  }
}
