package io.ssehub.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("LoopStreams: the streams of one loop, and the snapshots each event hands to it")
class LoopStreamsTest {

  private final LoopStreams<String> streams = new LoopStreams<>(new String[0]);

  @Test
  @DisplayName("A snapshot never changes after it is handed out; the next one shows adds and removes")
  void snapshotsStayAsTheyWere() {
    // The list compares streams by identity, as it holds SseStream objects: keep the very instances.
    String[] added = new String[11];
    for (int i = 0; i < added.length; i++) {
      added[i] = "s" + i;
    }
    for (int i = 0; i < 10; i++) {
      streams.add(added[i]);
    }
    String[] before = streams.snapshot();

    assertThat(streams.remove(added[3])).isTrue();
    assertThat(streams.remove(added[3])).isFalse();
    streams.add(added[10]);

    assertThat(before).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    assertThat(streams.snapshot()).hasSize(10).doesNotContain("s3").contains("s9", "s10");
  }

  @Test
  @DisplayName("Without a change in between, events share one snapshot: nothing is copied per event")
  void unchangedListIsNotCopied() {
    streams.add("a");
    streams.add("b");

    String[] first = streams.snapshot();

    assertThat(streams.snapshot()).isSameAs(first);
    streams.remove("a");
    assertThat(streams.snapshot()).isNotSameAs(first).containsExactly("b");
  }

  @Test
  @DisplayName("Emptied, the list says so and its snapshot is empty")
  void emptied() {
    assertThat(streams.isEmpty()).isTrue();
    streams.add("only");
    assertThat(streams.isEmpty()).isFalse();
    streams.remove("only");
    assertThat(streams.isEmpty()).isTrue();
    assertThat(streams.snapshot()).isEmpty();
  }
}
