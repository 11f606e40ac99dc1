package io.ssehub.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The node's publish token buckets, one per client key (a token's subject, or an address), shared by every gateway
 * instance: each holds up to {@code burst} tokens and gains {@code rate} a second; a publish takes one. A bucket
 * that has been idle long enough to be full again is the same as no bucket, so such buckets are dropped, at most
 * once per refill time: the map holds only the clients seen within about two refill times.
 */
public final class PublishBuckets {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double rate;
  private final int burst;
  private final LongSupplier nanoClock;
  private final long refillNanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  /** One bucket's tokens as of {@code at} (nanos of the clock). */
  private record Bucket(double tokens, long at) {
  }

  /** {@code rate} tokens a second into buckets of {@code burst}, on {@code nanoClock} ({@link System#nanoTime}). */
  public PublishBuckets(int rate, int burst, LongSupplier nanoClock) {
    this.rate = rate;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.refillNanos = rate == 0 ? Long.MAX_VALUE : (long) Math.ceil(burst * (double) NANOS_PER_SECOND / rate);
    this.lastSweep = nanoClock.getAsLong();
  }

  /** Whether a rate is set at all ({@code limits.publishRate} above 0). */
  public boolean enabled() {
    return rate > 0;
  }

  /**
   * Takes a token from {@code key}'s bucket: 0 when there was one, else the whole seconds (at least 1) until there
   * is, for {@code Retry-After}.
   */
  public long take(String key) {
    long now = nanoClock.getAsLong();
    sweep(now);
    long[] wait = {0};
    buckets.compute(key, (k, bucket) -> {
      double tokens = bucket == null ? burst : refilled(bucket, now);
      if (tokens >= 1) {
        return new Bucket(tokens - 1, now);
      }
      wait[0] = Math.max(1, (long) Math.ceil((1 - tokens) / rate));
      return new Bucket(tokens, now);
    });
    return wait[0];
  }

  /** Buckets held now. */
  public int size() {
    return buckets.size();
  }

  private double refilled(Bucket bucket, long now) {
    return Math.min(burst, bucket.tokens() + (now - bucket.at()) * rate / NANOS_PER_SECOND);
  }

  private void sweep(long now) {
    if (now - lastSweep < refillNanos) {
      return;
    }
    lastSweep = now;
    buckets.values().removeIf(bucket -> refilled(bucket, now) >= burst);
  }
}
