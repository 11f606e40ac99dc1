package io.ssehub.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warnings about requests a stranger controls (malformed heads, CORS refusals, timeouts): at most one line per
 * kind every {@link #INTERVAL_MILLIS}, without a stack trace, with the count of the ones left out since the last
 * line. One per node, shared by every gateway instance.
 */
public final class EdgeLog {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeLog.class);
  static final long INTERVAL_MILLIS = 10_000;

  private final ConcurrentHashMap<String, Kind> kinds = new ConcurrentHashMap<>();

  private static final class Kind {
    private final AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();
  }

  /** Logs {@code sentence} for {@code kind} unless a line of that kind was logged in the last interval. */
  public void warn(String kind, String sentence) {
    Kind counts = kinds.computeIfAbsent(kind, k -> new Kind());
    long now = System.currentTimeMillis();
    long last = counts.lastAt.get();
    if (last != Long.MIN_VALUE && now - last < INTERVAL_MILLIS || !counts.lastAt.compareAndSet(last, now)) {
      counts.suppressed.incrementAndGet();
      return;
    }
    long left = counts.suppressed.getAndSet(0);
    if (left == 0) {
      LOG.warn("Refused ({}): {}", kind, sentence);
    } else {
      LOG.warn("Refused ({}): {}; {} more like it since the last line", kind, sentence, left);
    }
  }
}
