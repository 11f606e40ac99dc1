package io.ssehub.gateway;

import io.vertx.core.Vertx;

/**
 * The timers of one stream: at most one pending one-shot (the keep-alive, re-armed lazily) and one
 * periodic. They are counted in the node gauges while armed and all cancelled when the stream closes.
 */
final class StreamTimers {

  private static final long NONE = -1;

  private final Vertx vertx;
  private final NodeGauges gauges;
  private long oneShot = NONE;
  private long periodic = NONE;
  private boolean cancelled;

  StreamTimers(Vertx vertx, NodeGauges gauges) {
    this.vertx = vertx;
    this.gauges = gauges;
  }

  /** Runs the action once after the delay, replacing any one-shot still pending. */
  void after(long delayMillis, Runnable action) {
    if (cancelled) {
      return;
    }
    cancelOneShot();
    gauges.streamTimers.incrementAndGet();
    oneShot = vertx.setTimer(Math.max(1, delayMillis), fired -> {
      oneShot = NONE;
      gauges.streamTimers.decrementAndGet();
      action.run();
    });
  }

  void every(long periodMillis, Runnable action) {
    if (!cancelled && periodic == NONE) {
      gauges.streamTimers.incrementAndGet();
      periodic = vertx.setPeriodic(periodMillis, tick -> action.run());
    }
  }

  void cancelAll() {
    cancelled = true;
    cancelOneShot();
    if (periodic != NONE && vertx.cancelTimer(periodic)) {
      gauges.streamTimers.decrementAndGet();
    }
    periodic = NONE;
  }

  private void cancelOneShot() {
    if (oneShot != NONE && vertx.cancelTimer(oneShot)) {
      gauges.streamTimers.decrementAndGet();
    }
    oneShot = NONE;
  }
}
