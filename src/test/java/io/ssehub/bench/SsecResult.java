package io.ssehub.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The {@code /ssec} answers of one level of {@link SsecBench}: their latencies as the client saw them, the
 * {@code no_reply} and error counts, and how many results (not {@code no_reply}) took longer than the window.
 */
final class SsecResult {

  static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final String EXPECTED = "meow meow MEOW MEOW WOEM WOEM woem woem";

  private final int seconds;
  private long[] nanos = new long[1 << 14];
  private int count;
  private int noReply;
  private int errors;
  private int lateResults;

  SsecResult(int seconds) {
    this.seconds = seconds;
  }

  synchronized void record(long startNanos, String body) {
    if (body == null) {
      errors++;
      return;
    }
    long took = System.nanoTime() - startNanos;
    if (body.equals("no_reply")) {
      noReply++;
    } else if (body.startsWith("meow") && !body.equals(EXPECTED)) {
      errors++;
    } else if (body.equals(EXPECTED) && took > WINDOW_NANOS) {
      lateResults++;
    }
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = took;
  }

  synchronized double rate() {
    return (double) count / seconds;
  }

  synchronized int count() {
    return count;
  }

  synchronized int noReply() {
    return noReply;
  }

  synchronized int errors() {
    return errors;
  }

  /** Results (not {@code no_reply}) that the client had later than the window after it sent the request. */
  synchronized int lateResults() {
    return lateResults;
  }

  synchronized double p(double percentile) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.ceil(percentile / 100.0 * count) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  synchronized String noReplyShare() {
    return count == 0 ? "-" : String.format(Locale.ROOT, "%.2f %%", 100.0 * noReply / count);
  }
}
