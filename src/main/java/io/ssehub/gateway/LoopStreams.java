package io.ssehub.gateway;

import java.util.Arrays;

/**
 * The streams of one topic and view that live on one event loop, as an array replaced on every change
 * (copy on write). Changes happen on the fanout's context and are rare; reads happen for every message on
 * the stream's loop, which then walks a plain array with no lock and no iterator.
 */
final class LoopStreams {

  private static final SseStream[] NONE = new SseStream[0];
  private volatile SseStream[] streams = NONE;

  void add(SseStream stream) {
    SseStream[] current = streams;
    SseStream[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = stream;
    streams = next;
  }

  /** Removes the stream; false when it was not there. */
  boolean remove(SseStream stream) {
    SseStream[] current = streams;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == stream) {
        SseStream[] next = new SseStream[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        streams = next;
        return true;
      }
    }
    return false;
  }

  boolean isEmpty() {
    return streams.length == 0;
  }

  SseStream[] snapshot() {
    return streams;
  }
}
