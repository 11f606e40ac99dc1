package io.ssehub.history;

import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The retained events of one topic, oldest first, bounded by count and age. It remembers the newest
 * id it has let go of (the low watermark), so that a replay can tell the client what it cannot have.
 */
final class TopicHistory {

  private record Stored(HubEvent event, long storedAt) {
  }

  private final ArrayDeque<Stored> events = new ArrayDeque<>();
  private EventId lowWatermark;

  TopicHistory(EventId lowWatermark) {
    this.lowWatermark = lowWatermark;
  }

  void append(HubEvent event, long now, int maxEvents) {
    events.addLast(new Stored(event, now));
    while (events.size() > maxEvents) {
      forget(events.removeFirst());
    }
  }

  void expire(long oldestKept) {
    while (!events.isEmpty() && events.peekFirst().storedAt() < oldestKept) {
      forget(events.removeFirst());
    }
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  EventId lowWatermark() {
    return lowWatermark;
  }

  /** The retained events newer than {@code after}, oldest first. */
  List<HubEvent> after(EventId after) {
    List<HubEvent> newer = new ArrayList<>();
    Iterator<Stored> newestFirst = events.descendingIterator();
    while (newestFirst.hasNext()) {
      HubEvent event = newestFirst.next().event();
      if (!event.id().isAfter(after)) {
        break;
      }
      newer.add(event);
    }
    Collections.reverse(newer);
    return newer;
  }

  /** The newest {@code limit} retained events, oldest first. */
  List<HubEvent> newest(int limit) {
    List<HubEvent> newer = new ArrayList<>();
    Iterator<Stored> newestFirst = events.descendingIterator();
    while (newestFirst.hasNext() && newer.size() < limit) {
      newer.add(newestFirst.next().event());
    }
    Collections.reverse(newer);
    return newer;
  }

  int size() {
    return events.size();
  }

  /** The newest retained event's id, or null when none is retained. */
  EventId lastId() {
    return events.isEmpty() ? null : events.peekLast().event().id();
  }

  private void forget(Stored stored) {
    lowWatermark = stored.event().id();
  }
}
