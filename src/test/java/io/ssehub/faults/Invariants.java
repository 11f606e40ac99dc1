package io.ssehub.faults;

import io.ssehub.testing.SseEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks after every fault: nothing lost inside the history window, no duplicate on any stream. */
final class Invariants {

  private Invariants() {
  }

  /** The events one client saw over all its connections, in order, are exactly the published ids. */
  static void exactlyOnce(String client, List<SseEvent> seen, List<String> published) {
    List<String> ids = seen.stream().filter(event -> event.id() != null).map(SseEvent::id).toList();
    assertThat(ids).as(client + ": duplicates").doesNotHaveDuplicates();
    Set<String> missing = new HashSet<>(published);
    ids.forEach(missing::remove);
    assertThat(missing).as(client + ": published events never delivered").isEmpty();
    assertThat(ids).as(client + ": events in publish order").containsExactlyElementsOf(published);
  }

  /** Events of several connections of one client, joined. */
  static List<SseEvent> joined(List<List<SseEvent>> connections) {
    List<SseEvent> all = new ArrayList<>();
    connections.forEach(all::addAll);
    return all;
  }
}
