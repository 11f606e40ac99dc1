package io.ssehub.gateway;

import io.ssehub.bus.HubEvent;
import io.ssehub.sse.SseFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How a stream shows a hub event on the wire. The fanout encodes each message once per view in use
 * on the node, and every stream with that view gets the same bytes. A view must be a shared constant
 * (or have value equality), since streams are grouped by it.
 */
@FunctionalInterface
public interface SseView {

  /** {@code id:}, {@code event:} when the event is named, and the data lines. */
  SseView STANDARD = event -> SseFrames.event(event.id().toString(), event.event(), event.data());

  /**
   * {@code ?format=json}: every event unnamed, with its {@code id:}, and one {@code data:} line holding
   * {@code {"topic", "topics"?, "event"?, "data"}}, so that a client of several topics on one stream knows each event's
   * topic and needs no listener per event name (the browser module /sse-hub.js reads this). An event of several topics
   * is framed once for every stream: {@code topic} is its first topic, and {@code topics} lists them all.
   */
  SseView JSON = event -> SseFrames.event(event.id().toString(), null, envelope(event).encode());

  Buffer encode(HubEvent event);

  private static JsonObject envelope(HubEvent event) {
    JsonObject json = new JsonObject().put("topic", event.topic());
    if (event.hasSeveralTopics()) {
      json.put("topics", new JsonArray(event.topics()));
    }
    if (event.event() != null) {
      json.put("event", event.event());
    }
    return json.put("data", event.data());
  }
}
