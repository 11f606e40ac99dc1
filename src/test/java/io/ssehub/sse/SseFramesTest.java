package io.ssehub.sse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The SSE encoder")
class SseFramesTest {

  @Test
  @DisplayName("Writes id, event and one data line per line of data, then a blank line")
  void event() {
    assertThat(SseFrames.event("1-0", "news", "a\nb\r\nc\rd").toString())
      .isEqualTo("id: 1-0\nevent: news\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  }

  @Test
  @DisplayName("Empty data and trailing newlines survive as empty data lines")
  void emptyLines() {
    assertThat(SseFrames.event(null, null, "").toString()).isEqualTo("data: \n\n");
    assertThat(SseFrames.event(null, null, "x\n").toString()).isEqualTo("data: x\ndata: \n\n");
  }

  @Test
  @DisplayName("CR, LF and NUL in id, event name and comments can never end the field early")
  void singleLineFields() {
    String frame = SseFrames.event("1\n\ndata: x", "a\r\nevent: b", "d").toString();
    assertThat(frame).isEqualTo("id: 1  data: x\nevent: a  event: b\ndata: d\n\n");
    assertThat(SseFrames.comment("one\ntwo").toString()).isEqualTo(": one\n: two\n\n");
  }
}
