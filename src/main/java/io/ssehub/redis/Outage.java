package io.ssehub.redis;

import org.slf4j.Logger;

/**
 * The state of one Redis user's link: it logs an outage once when it starts and once when it ends,
 * never once per failed message, and hands out the back-off delays for reconnecting.
 */
public final class Outage {

  private final Logger log;
  private final String what;
  private final long minDelayMillis;
  private final long maxDelayMillis;
  private long downSince = -1;
  private long failures;
  private long delayMillis;

  public Outage(Logger log, String what, long minDelayMillis, long maxDelayMillis) {
    this.log = log;
    this.what = what;
    this.minDelayMillis = minDelayMillis;
    this.maxDelayMillis = Math.max(minDelayMillis, maxDelayMillis);
  }

  /** Records a failure; only the first of an outage is logged. */
  public void failed(Throwable cause) {
    failures++;
    if (downSince < 0) {
      downSince = System.currentTimeMillis();
      log.warn("{}: Redis is unreachable ({}); retrying with back-off up to {} ms, logging once until it is back",
        what, cause == null ? "connection closed" : cause.getMessage(), maxDelayMillis);
    } else {
      log.debug("{}: still failing: {}", what, cause == null ? "connection closed" : cause.getMessage());
    }
  }

  /** Records a success; ends the outage, if there was one, with one log line. */
  public void recovered() {
    if (downSince >= 0) {
      log.info("{}: Redis is reachable again after {} ms and {} failed attempts", what,
        System.currentTimeMillis() - downSince, failures);
      downSince = -1;
    }
    failures = 0;
    delayMillis = 0;
  }

  public boolean isDown() {
    return downSince >= 0;
  }

  /** The next reconnect delay: the minimum, then doubling up to the maximum. */
  public long nextDelayMillis() {
    delayMillis = delayMillis == 0 ? minDelayMillis : Math.min(maxDelayMillis, delayMillis * 2);
    return delayMillis;
  }
}
