package io.ssehub.gateway;

import io.ssehub.bus.HubEvent;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.function.Predicate;

/**
 * What one SSE stream carries: the topics it follows and how it shows them, the frames it opens with,
 * its keep-alive, an optional frame repeated on a timer (seed 004 v1's {@code hi!}), which of its topics' events
 * it takes ({@code admits}, live and replayed alike; every one by default), and whether a replay that cannot reach
 * back writes the hub's {@code reset} events ({@code resets}; a route that says so its own way turns them off).
 */
public record StreamSpec(
  List<String> topics,
  SseView view,
  String lastEventId,
  List<Buffer> greeting,
  long keepAliveMillis,
  String keepAliveText,
  Buffer repeatedFrame,
  long repeatMillis,
  Predicate<HubEvent> admits,
  boolean resets) {

  private static final Predicate<HubEvent> EVERY = event -> true;

  public static StreamSpec of(List<String> topics, long keepAliveMillis) {
    return new StreamSpec(List.copyOf(topics), SseView.STANDARD, null, List.of(), keepAliveMillis, "keep-alive",
      null, 0, EVERY, true);
  }

  public StreamSpec view(SseView newView) {
    return new StreamSpec(topics, newView, lastEventId, greeting, keepAliveMillis, keepAliveText, repeatedFrame,
      repeatMillis, admits, resets);
  }

  public StreamSpec lastEventId(String id) {
    return new StreamSpec(topics, view, id, greeting, keepAliveMillis, keepAliveText, repeatedFrame,
      repeatMillis, admits, resets);
  }

  public StreamSpec greeting(Buffer frame) {
    return new StreamSpec(topics, view, lastEventId, List.of(frame), keepAliveMillis, keepAliveText, repeatedFrame,
      repeatMillis, admits, resets);
  }

  public StreamSpec keepAlive(long millis, String text) {
    return new StreamSpec(topics, view, lastEventId, greeting, millis, text, repeatedFrame,
      repeatMillis, admits, resets);
  }

  public StreamSpec repeat(Buffer frame, long everyMillis) {
    return new StreamSpec(topics, view, lastEventId, greeting, keepAliveMillis, keepAliveText, frame,
      everyMillis, admits, resets);
  }

  /** Only the events {@code filter} accepts reach the stream, live or replayed. */
  public StreamSpec admitting(Predicate<HubEvent> filter) {
    return new StreamSpec(topics, view, lastEventId, greeting, keepAliveMillis, keepAliveText, repeatedFrame,
      repeatMillis, filter, resets);
  }

  /** No {@code reset} event when the replay cannot reach back: the route tells the client its own way. */
  public StreamSpec withoutResets() {
    return new StreamSpec(topics, view, lastEventId, greeting, keepAliveMillis, keepAliveText, repeatedFrame,
      repeatMillis, admits, false);
  }
}
