package io.ssehub.gateway;

import io.vertx.core.Vertx;

import java.util.HashSet;
import java.util.Set;

/**
 * The timers of one stream, counted in the node gauges while armed, and all cancelled when the
 * stream closes.
 */
final class StreamTimers {

  private final Vertx vertx;
  private final NodeGauges gauges;
  private final Set<Long> armed = new HashSet<>();
  private boolean cancelled;

  StreamTimers(Vertx vertx, NodeGauges gauges) {
    this.vertx = vertx;
    this.gauges = gauges;
  }

  void after(long delayMillis, Runnable action) {
    if (cancelled) {
      return;
    }
    long[] id = new long[1];
    id[0] = vertx.setTimer(Math.max(1, delayMillis), fired -> {
      if (armed.remove(id[0])) {
        gauges.streamTimers.decrementAndGet();
        action.run();
      }
    });
    track(id[0]);
  }

  void every(long periodMillis, Runnable action) {
    if (!cancelled) {
      track(vertx.setPeriodic(periodMillis, tick -> action.run()));
    }
  }

  void cancelAll() {
    cancelled = true;
    for (long id : armed) {
      vertx.cancelTimer(id);
      gauges.streamTimers.decrementAndGet();
    }
    armed.clear();
  }

  private void track(long id) {
    armed.add(id);
    gauges.streamTimers.incrementAndGet();
  }
}
