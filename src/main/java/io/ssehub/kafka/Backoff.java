package io.ssehub.kafka;

/** Exponential back-off: the delay doubles on each failure, from {@code min} up to {@code max}, until a reset. */
final class Backoff {

  private final long min;
  private final long max;
  private long next;

  Backoff(long min, long max) {
    this.min = min;
    this.max = max;
    this.next = min;
  }

  long nextDelay() {
    long delay = next;
    next = Math.min(max, next * 2);
    return delay;
  }

  void reset() {
    next = min;
  }
}
