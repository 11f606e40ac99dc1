package io.ssehub.switchboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.ssehub.metrics.HubMetrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's figures of {@code /ssec}: the time from a request's arrival at the gateway to the write of its
 * answer, by outcome ({@code answered} with a result, or {@code no_reply}), with a histogram bucket that ends at
 * the window; and the switchboard replies that came after the gateway had answered, which it discarded.
 */
final class SsecMeters {

  private final Timer answered;
  private final Timer noReply;
  private final Counter lateReplies;

  SsecMeters(HubMetrics metrics, long windowMillis) {
    String description = "Time from a /ssec request's arrival at the gateway to the write of its answer, by outcome";
    Duration window = Duration.ofMillis(windowMillis);
    this.answered = metrics.timer("ssehub.ssec.latency", description, window, "outcome", "answered");
    this.noReply = metrics.timer("ssehub.ssec.latency", description, window, "outcome", "no_reply");
    this.lateReplies = metrics.counter("ssehub.ssec.late_replies",
      "Switchboard replies to /ssec that reached the gateway after it had answered no_reply at the window");
  }

  void written(boolean withResult, long nanosSinceArrival) {
    (withResult ? answered : noReply).record(nanosSinceArrival, TimeUnit.NANOSECONDS);
  }

  void lateReply() {
    lateReplies.increment();
  }
}
