package io.ssehub.switchboard;

import io.ssehub.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Test helpers for the switchboard: hub configs with a given pipeline, and its stats. */
final class Switchboards {

  static final String MEOW = "meow meow MEOW MEOW WOEM WOEM woem woem";

  private Switchboards() {
  }

  /** A test hub's overrides with this switchboard section. */
  static JsonObject hub(JsonObject switchboard) {
    return new JsonObject().put("switchboard", switchboard);
  }

  /** A test hub's overrides that run the switchboard but no processors: tickets wait for {@code /sink_to}. */
  static JsonObject hubWithoutProcessors(JsonObject switchboard) {
    return hub(switchboard)
      .put("deploy", new JsonArray().add("history").add("gateway").add("switchboard"));
  }

  static JsonObject stage(String name, String transform) {
    return new JsonObject().put("name", name).put("transform", transform);
  }

  static JsonObject pipeline(JsonObject... stages) {
    JsonArray list = new JsonArray();
    for (JsonObject stage : stages) {
      list.add(stage);
    }
    return new JsonObject().put("pipeline", list);
  }

  static Future<JsonObject> stats(Vertx vertx) {
    return vertx.eventBus()
      .<JsonObject>request(Addresses.SWITCHBOARD_STATS, new JsonObject())
      .map(reply -> reply.body());
  }

  /**
   * The stats once no ticket, ticket consumer or ticket timer is left, polled every 20 ms; fails after 5 s
   * with the last stats (unregistering a consumer completes a moment after the answer is sent).
   */
  static Future<JsonObject> awaitIdle(Vertx vertx) {
    Promise<JsonObject> idle = Promise.promise();
    poll(vertx, idle, 250);
    return idle.future();
  }

  private static void poll(Vertx vertx, Promise<JsonObject> idle, int triesLeft) {
    stats(vertx).onFailure(idle::fail).onSuccess(stats -> {
      boolean clean = stats.getInteger("pendingTickets") == 0 && stats.getInteger("ticketConsumers") == 0
        && stats.getInteger("ticketTimers") == 0;
      if (clean) {
        idle.complete(stats);
      } else if (triesLeft == 0) {
        idle.fail(new AssertionError("the switchboard still holds tickets, consumers or timers: " + stats));
      } else {
        vertx.setTimer(20, tick -> poll(vertx, idle, triesLeft - 1));
      }
    });
  }
}
