package io.ssehub.testing;

import io.ssehub.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.function.Supplier;

/**
 * Waits (bounded) until a node holds a topic consumer for its open streams: an SSE client has its response
 * headers before the stream has subscribed, so a test that publishes right after opening waits for this.
 */
public final class NodeStats {

  private static final long WAIT_MILLIS = 30_000;

  private NodeStats() {
  }

  /** The node deployed in this Vert.x (in-JVM tests). */
  public static Future<Void> awaitTopicConsumers(Vertx vertx, int count) {
    return poll(vertx, () -> vertx.eventBus().<JsonObject>request(Addresses.NODE_STATS, new JsonObject())
      .map(reply -> reply.body().getInteger("topicConsumers") >= count), System.currentTimeMillis() + WAIT_MILLIS);
  }

  /** A node in its own JVM that runs the monitor role, through {@code GET /monitor}. */
  public static Future<Void> awaitTopicConsumers(Vertx vertx, WebClient web, int port, int count) {
    return awaitTopicConsumers(vertx, web, "127.0.0.1", port, count);
  }

  /** As {@link #awaitTopicConsumers(Vertx, WebClient, int, int)}, for a node reached on {@code host}. */
  public static Future<Void> awaitTopicConsumers(Vertx vertx, WebClient web, String host, int port, int count) {
    return poll(vertx, () -> web.get(port, host, "/monitor").send()
      .map(response -> response.bodyAsJsonObject().getInteger("topicConsumers", 0) >= count),
      System.currentTimeMillis() + WAIT_MILLIS);
  }

  private static Future<Void> poll(Vertx vertx, Supplier<Future<Boolean>> check, long deadline) {
    Promise<Void> promise = Promise.promise();
    check.get().onComplete(result -> {
      if (result.succeeded() && result.result()) {
        promise.complete();
      } else if (System.currentTimeMillis() > deadline) {
        promise.fail("the node had no consumer for the stream's topic within " + WAIT_MILLIS + " ms");
      } else {
        vertx.setTimer(50, timer -> poll(vertx, check, deadline).onComplete(promise));
      }
    });
    return promise.future();
  }
}
