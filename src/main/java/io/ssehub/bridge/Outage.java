package io.ssehub.bridge;

import io.micrometer.core.instrument.Counter;
import io.ssehub.config.Redacted;
import org.slf4j.Logger;

/**
 * The state of one link to an outside service (a Redis connection, the Kafka brokers, the hub's history as
 * seen by a bridge). It logs an outage once when it starts and once when it ends, never once per failed
 * attempt, hands out the reconnect delays (doubling from the minimum up to the maximum), counts every
 * failure in {@code ssehub_bridge_errors_total}, and makes the link's readiness check fail while it lasts.
 * Get one from {@link Links#outage}. The link's name and every cause are shown through {@link Redacted#text}, so
 * that a password in a connection string reaches neither the log nor {@code /ready}.
 */
public final class Outage {

  private final Logger log;
  private final String what;
  private final long minDelayMillis;
  private final long maxDelayMillis;
  private final Counter errors;
  private volatile long downSince = -1;
  private volatile String lastCause = "";
  private long failures;
  private long delayMillis;

  Outage(Logger log, String what, long minDelayMillis, long maxDelayMillis, Counter errors) {
    this.log = log;
    this.what = Redacted.text(what);
    this.minDelayMillis = minDelayMillis;
    this.maxDelayMillis = Math.max(minDelayMillis, maxDelayMillis);
    this.errors = errors;
  }

  /** Records a failure; only the first of an outage is logged. */
  public void failed(Throwable cause) {
    failures++;
    errors.increment();
    lastCause = cause == null ? "connection closed"
      : cause.getClass().getSimpleName() + ": " + Redacted.text(cause.getMessage());
    if (downSince < 0) {
      downSince = System.currentTimeMillis();
      log.warn("{} is unreachable ({}); retrying with back-off up to {} ms, logging once until it is back",
        what, lastCause, maxDelayMillis);
    } else {
      log.debug("{} is still unreachable: {}", what, lastCause);
    }
  }

  /** Records a success; ends the outage, if there was one, with one log line. */
  public void recovered() {
    if (downSince >= 0) {
      log.info("{} is reachable again after {} ms and {} failed attempts", what,
        System.currentTimeMillis() - downSince, failures);
      downSince = -1;
    }
    failures = 0;
    resetDelay();
  }

  public boolean isDown() {
    return downSince >= 0;
  }

  /** The next reconnect delay: the minimum, then doubling up to the maximum. */
  public long nextDelayMillis() {
    delayMillis = delayMillis == 0 ? minDelayMillis : Math.min(maxDelayMillis, delayMillis * 2);
    return delayMillis;
  }

  /** Starts the delays again from the minimum, after an attempt that worked. */
  public void resetDelay() {
    delayMillis = 0;
  }

  /** What {@code /ready} says while the link is down. */
  String reason() {
    return what + " has been unreachable for " + (System.currentTimeMillis() - downSince) / 1000 + " s: "
      + lastCause;
  }
}
