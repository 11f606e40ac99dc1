package io.ssehub.processor;

import io.vertx.core.Future;

/** What one processor does to a message: its result, or null when the processor delivers the result itself. */
@FunctionalInterface
interface Step {

  Future<String> apply(String message, String listenerId);

  /** Frees what the step holds (an HTTP client). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
