package io.ssehub.gateway;

import java.util.Arrays;

/**
 * The streams of one topic and view that live on one event loop. Only the fanout's context changes the list
 * and takes snapshots. Each event hands the loop a snapshot: an array that is never written again, copied
 * only when the list changed since the last one, which the loop walks with no lock and no iterator. Opening
 * or closing a stream copies nothing.
 *
 * @param <S> the stream type ({@link SseStream}; tests use others)
 */
final class LoopStreams<S> {

  private final S[] none;
  private S[] streams;
  private int size;
  private S[] snapshot;
  private boolean changed;

  /** An empty list; {@code none} is an empty array of the stream type, the first snapshot. */
  LoopStreams(S[] none) {
    this.none = none;
    this.streams = Arrays.copyOf(none, 4);
    this.snapshot = none;
  }

  void add(S stream) {
    if (size == streams.length) {
      streams = Arrays.copyOf(streams, size * 2);
    }
    streams[size++] = stream;
    changed = true;
  }

  /** Removes the stream (the last one takes its place); false when it was not there. */
  boolean remove(S stream) {
    for (int i = 0; i < size; i++) {
      if (streams[i] == stream) {
        streams[i] = streams[--size];
        streams[size] = null;
        changed = true;
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The streams now, in an array that nothing writes afterwards: safe to hand to another thread. */
  S[] snapshot() {
    if (changed) {
      snapshot = size == 0 ? none : Arrays.copyOf(streams, size);
      changed = false;
    }
    return snapshot;
  }
}
