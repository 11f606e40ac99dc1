package io.ssehub.bus;

/**
 * An event id, {@code <millis>-<sequence>} as in Redis Streams. Ids from one history grow strictly,
 * across all its topics, so "everything after id X" is well defined for a stream of several topics.
 */
public record EventId(long millis, long sequence) implements Comparable<EventId> {

  public static final EventId ZERO = new EventId(0, 0);

  /** Parses an id; anything malformed is null, which replay treats as "from the beginning, with a reset". */
  public static EventId parse(String text) {
    if (text == null || text.length() > 41) {
      return null;
    }
    int dash = text.indexOf('-');
    try {
      long millis = Long.parseLong(dash < 0 ? text : text.substring(0, dash));
      long sequence = dash < 0 ? 0 : Long.parseLong(text.substring(dash + 1));
      return millis < 0 || sequence < 0 ? null : new EventId(millis, sequence);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The next id after this one at time {@code now}: a new millisecond, or the same one with sequence + 1. */
  public EventId next(long now) {
    return now > millis ? new EventId(now, 0) : new EventId(millis, sequence + 1);
  }

  @Override
  public int compareTo(EventId other) {
    int byMillis = Long.compare(millis, other.millis);
    return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
  }

  public boolean isAfter(EventId other) {
    return compareTo(other) > 0;
  }

  @Override
  public String toString() {
    return millis + "-" + sequence;
  }
}
