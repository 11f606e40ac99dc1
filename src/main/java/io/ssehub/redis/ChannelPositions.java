package io.ssehub.redis;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each channel message stands in the order in which Redis hands messages to every subscriber alike: the
 * position {@code <marker>:<count>} is the count-th message on its channel since the newest marker, a number
 * published on the bridges' own marks channel, to which every bridge subscribes on the same connection as to its
 * channels. Every bridge that has seen a marker gives one message the same position, and positions compare as
 * pairs in the order the messages were published. Before its connection has seen a first marker a bridge knows no
 * position.
 */
final class ChannelPositions {

  private final Map<String, Long> counts = new HashMap<>();
  private long marker = -1;

  /** A marker arrived: positions count from it. */
  void marked(long newMarker) {
    marker = newMarker;
    counts.clear();
  }

  /** The subscription is gone: no position is known until the next marker. */
  void forget() {
    marker = -1;
    counts.clear();
  }

  boolean known() {
    return marker >= 0;
  }

  /** The position of the message that just arrived on {@code channel}, or null before the first marker. */
  String next(String channel) {
    if (marker < 0) {
      return null;
    }
    return marker + ":" + counts.merge(channel, 1L, Long::sum);
  }
}
