package io.ssehub.bench;

import io.vertx.core.json.JsonArray;

/**
 * Delivery latencies in microseconds, counted in 10 µs buckets up to 10 s (the last bucket holds the rest),
 * so a run of millions of deliveries costs a fixed 4 MB and no allocation per sample.
 */
final class LatencyHistogram {

  private static final int BUCKET_MICROS = 10;
  private final long[] counts = new long[1_000_001];
  private long total;

  synchronized void record(long micros) {
    int bucket = (int) Math.min(counts.length - 1, Math.max(0, micros / BUCKET_MICROS));
    counts[bucket]++;
    total++;
  }

  /** Adds the samples of {@code other} to this one. */
  void add(LatencyHistogram other) {
    long[] theirs;
    synchronized (other) {
      theirs = other.counts.clone();
    }
    synchronized (this) {
      for (int bucket = 0; bucket < counts.length; bucket++) {
        counts[bucket] += theirs[bucket];
        total += theirs[bucket];
      }
    }
  }

  synchronized long total() {
    return total;
  }

  /** The latency at or below which {@code fraction} of the samples fall, in microseconds; -1 when empty. */
  synchronized long percentile(double fraction) {
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int bucket = 0; bucket < counts.length; bucket++) {
      seen += counts[bucket];
      if (seen >= rank) {
        return (long) (bucket + 1) * BUCKET_MICROS;
      }
    }
    return (long) counts.length * BUCKET_MICROS;
  }

  /** The non-empty buckets as {@code [lowerBoundMicros, count]} pairs, for merging the histograms of several processes. */
  synchronized JsonArray sparse() {
    JsonArray buckets = new JsonArray();
    for (int bucket = 0; bucket < counts.length; bucket++) {
      if (counts[bucket] > 0) {
        buckets.add(new JsonArray().add((long) bucket * BUCKET_MICROS).add(counts[bucket]));
      }
    }
    return buckets;
  }
}
