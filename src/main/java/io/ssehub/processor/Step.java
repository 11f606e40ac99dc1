package io.ssehub.processor;

import io.ssehub.bus.Deadline;
import io.vertx.core.Future;

/**
 * What one processor does to a message: its result, or null when the processor delivers the result itself. Work
 * that cannot finish by {@code deadline} may fail at it.
 */
@FunctionalInterface
interface Step {

  Future<String> apply(String message, String listenerId, Deadline deadline);

  /** Frees what the step holds (an HTTP client). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
