package io.ssehub.gateway;

import java.util.random.RandomGenerator;

/**
 * The drain of one gateway instance on SIGTERM: when each of its open streams is closed, evenly spaced over
 * {@code gateway.drainSeconds}, and the {@code retry:} hint each is sent first, jittered, so that the clients do
 * not come back in one wave even when the window is 0.
 */
final class DrainSchedule {

  private DrainSchedule() {
  }

  /**
   * The close times, in ms after the drain starts, of {@code streams} streams: {@code i * window / streams}, so the
   * first closes at once, the last one slot before the window ends, and each tenth of the window closes a tenth.
   */
  static long[] closeTimes(int streams, long windowMillis) {
    long[] at = new long[streams];
    for (int i = 0; i < streams; i++) {
      at[i] = windowMillis * i / streams;
    }
    return at;
  }

  /** The {@code retry:} hint of a drained stream: uniform from half to one and a half times {@code retryMillis}. */
  static long retryMillis(long retryMillis, RandomGenerator random) {
    return retryMillis / 2 + (retryMillis == 0 ? 0 : random.nextLong(retryMillis + 1));
  }
}
