package io.ssehub.gateway;

import io.vertx.core.Vertx;

/**
 * The timers of one stream: at most one pending one-shot (the keep-alive, re-armed lazily), one periodic,
 * and one at a fixed instant (the end of the stream's token). They are counted in the node gauges while
 * armed and all cancelled when the stream closes.
 */
final class StreamTimers {

  private static final long NONE = -1;

  private final Vertx vertx;
  private final NodeGauges gauges;
  private long oneShot = NONE;
  private long periodic = NONE;
  private long deadline = NONE;
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

  /** Runs the action once at the epoch millisecond {@code atMillis}, unless a deadline is already armed. */
  void at(long atMillis, Runnable action) {
    if (cancelled || deadline != NONE) {
      return;
    }
    gauges.streamTimers.incrementAndGet();
    deadline = vertx.setTimer(Math.max(1, atMillis - System.currentTimeMillis()), fired -> {
      deadline = NONE;
      gauges.streamTimers.decrementAndGet();
      action.run();
    });
  }

  void cancelAll() {
    cancelled = true;
    cancelOneShot();
    if (deadline != NONE && vertx.cancelTimer(deadline)) {
      gauges.streamTimers.decrementAndGet();
    }
    deadline = NONE;
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
