package io.ssehub.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;

/** Polling waits shared by the load tools. */
final class Waits {

  private Waits() {
  }

  /** Completes once the condition holds (checked every 20 ms); fails after {@code timeoutMillis}. */
  static Future<Void> until(Vertx vertx, BooleanSupplier condition, long timeoutMillis) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    vertx.setPeriodic(20, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("condition not met within " + timeoutMillis + " ms");
      }
    });
    return done.future();
  }
}
