package io.ssehub.gateway;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * What one SSE stream carries: the topics it follows and how it shows them, the frames it opens with,
 * its keep-alive, and an optional frame repeated on a timer (seed 004 v1's {@code hi!}).
 */
public record StreamSpec(
  List<String> topics,
  SseView view,
  String lastEventId,
  List<Buffer> greeting,
  long keepAliveMillis,
  String keepAliveText,
  Buffer repeatedFrame,
  long repeatMillis) {

  public static StreamSpec of(List<String> topics, long keepAliveMillis) {
    return new StreamSpec(List.copyOf(topics), SseView.STANDARD, null, List.of(), keepAliveMillis, "keep-alive",
      null, 0);
  }

  public StreamSpec view(SseView newView) {
    return new StreamSpec(topics, newView, lastEventId, greeting, keepAliveMillis, keepAliveText, repeatedFrame,
      repeatMillis);
  }

  public StreamSpec lastEventId(String id) {
    return new StreamSpec(topics, view, id, greeting, keepAliveMillis, keepAliveText, repeatedFrame, repeatMillis);
  }

  public StreamSpec greeting(Buffer frame) {
    return new StreamSpec(topics, view, lastEventId, List.of(frame), keepAliveMillis, keepAliveText, repeatedFrame,
      repeatMillis);
  }

  public StreamSpec keepAlive(long millis, String text) {
    return new StreamSpec(topics, view, lastEventId, greeting, millis, text, repeatedFrame, repeatMillis);
  }

  public StreamSpec repeat(Buffer frame, long everyMillis) {
    return new StreamSpec(topics, view, lastEventId, greeting, keepAliveMillis, keepAliveText, frame, everyMillis);
  }
}
