package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/** What an operator's probes see: {@code /ready} until it answers a status, and values on {@code /metrics}. */
public final class Probes {

  private Probes() {
  }

  /** Polls {@code /ready} every 200 ms until it answers {@code status} (at most 30 s); its JSON body. */
  public static Future<JsonObject> awaitReady(Vertx vertx, WebClient web, int port, int status) {
    return awaitReady(vertx, web, port, status, 30_000);
  }

  /** As {@link #awaitReady(Vertx, WebClient, int, int)}, failing when {@code /ready} has not said so within {@code withinMillis}. */
  public static Future<JsonObject> awaitReady(Vertx vertx, WebClient web, int port, int status, long withinMillis) {
    Promise<JsonObject> result = Promise.promise();
    pollReady(vertx, web, port, status, System.currentTimeMillis() + withinMillis, result);
    return result.future();
  }

  private static void pollReady(Vertx vertx, WebClient web, int port, int status, long deadline,
                                Promise<JsonObject> result) {
    web.get(port, "127.0.0.1", "/ready").send().onComplete(ar -> {
      if (ar.succeeded() && ar.result().statusCode() == status) {
        result.complete(ar.result().bodyAsJsonObject());
      } else if (System.currentTimeMillis() > deadline) {
        result.fail("/ready did not answer " + status + " in time; last: "
          + (ar.succeeded() ? ar.result().statusCode() + " " + ar.result().bodyAsString() : ar.cause()));
      } else {
        vertx.setTimer(200, t -> pollReady(vertx, web, port, status, deadline, result));
      }
    });
  }

  /**
   * Polls {@code /metrics} every 100 ms until the sample that starts with {@code prefix} is at least {@code atLeast}
   * (at most 10 s), and completes with the whole scrape then, or with the last one when it never got there (the
   * caller's assertion then says what it saw). For meters recorded after the effect a test waits for: a bridge
   * records a message's lag when the history has answered, which may be after the stream got the event.
   */
  public static Future<String> awaitMetric(Vertx vertx, WebClient web, int port, String prefix, double atLeast) {
    Promise<String> result = Promise.promise();
    pollMetric(vertx, web, port, prefix, atLeast, System.currentTimeMillis() + 10_000, result);
    return result.future();
  }

  private static void pollMetric(Vertx vertx, WebClient web, int port, String prefix, double atLeast, long deadline,
                                 Promise<String> result) {
    web.get(port, "127.0.0.1", "/metrics").send().onComplete(ar -> {
      String scrape = ar.succeeded() ? ar.result().bodyAsString() : null;
      boolean there = scrape != null && scrape.lines().anyMatch(line -> line.startsWith(prefix)
        && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= atLeast);
      if (there || (scrape != null && System.currentTimeMillis() > deadline)) {
        result.complete(scrape);
      } else if (System.currentTimeMillis() > deadline) {
        result.fail(ar.cause());
      } else {
        vertx.setTimer(100, t -> pollMetric(vertx, web, port, prefix, atLeast, deadline, result));
      }
    });
  }

  /** The check of that id in a health answer. */
  public static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream()
      .map(JsonObject.class::cast)
      .filter(check -> id.equals(check.getString("id")))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no check " + id + " in " + health.encode()));
  }

  /** The value of the first Prometheus sample line that starts with the name and labels given. */
  public static double metric(String scrape, String prefix) {
    return scrape.lines()
      .filter(line -> line.startsWith(prefix))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no metric line starts with " + prefix));
  }
}
