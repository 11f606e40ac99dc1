package io.ssehub.testing;

import io.ssehub.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Calls a test hub makes often: publishing over HTTP, and waiting for the node's gauges. */
public final class HubCalls {

  private final Vertx vertx;
  private final WebClient web;
  private final int port;

  public HubCalls(Vertx vertx, WebClient web, int port) {
    this.vertx = vertx;
    this.web = web;
    this.port = port;
  }

  /** POSTs one event; the future holds the id the hub gave it. */
  public Future<String> publish(String topic, String data) {
    return web.post(port, "127.0.0.1", "/topics/" + topic)
      .sendBuffer(Buffer.buffer(data))
      .map(response -> {
        if (response.statusCode() != 201) {
          throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject().getString("id");
      });
  }

  /** Publishes {@code prefix0 .. prefix(n-1)} one after the other; the ids in order. */
  public Future<List<String>> publishAll(String topic, String prefix, int count) {
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      String data = prefix + i;
      chain = chain.compose(v -> publish(topic, data).map(id -> {
        ids.add(id);
        return null;
      }));
    }
    return chain.map(v -> ids);
  }

  public Future<JsonObject> stats() {
    return vertx.eventBus()
      .<JsonObject>request(Addresses.NODE_STATS, new JsonObject())
      .map(reply -> reply.body());
  }

  /** Polls the node's gauges every 50 ms until the condition holds, for at most {@code timeoutMillis}. */
  public Future<JsonObject> awaitStats(Predicate<JsonObject> condition, long timeoutMillis) {
    Promise<JsonObject> result = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    poll(condition, deadline, result);
    return result.future();
  }

  private void poll(Predicate<JsonObject> condition, long deadline, Promise<JsonObject> result) {
    stats().onComplete(ar -> {
      if (ar.succeeded() && condition.test(ar.result())) {
        result.complete(ar.result());
      } else if (System.currentTimeMillis() > deadline) {
        result.fail("the node's gauges never met the condition; last: " + (ar.succeeded() ? ar.result() : ar.cause()));
      } else {
        vertx.setTimer(50, t -> poll(condition, deadline, result));
      }
    });
  }
}
