package io.ssehub.bus;

import io.vertx.core.json.JsonObject;

/**
 * One published event as it travels on the bus: {@code {id, topic, event?, data}}. {@code event} is
 * null for an unnamed SSE event ({@code message} in a browser).
 */
public record HubEvent(EventId id, String topic, String event, String data) {

  public static HubEvent fromJson(JsonObject json) {
    return new HubEvent(EventId.parse(json.getString("id")), json.getString("topic"), json.getString("event"),
      json.getString("data", ""));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("id", id.toString())
      .put("topic", topic)
      .put("data", data);
    return event == null ? json : json.put("event", event);
  }
}
