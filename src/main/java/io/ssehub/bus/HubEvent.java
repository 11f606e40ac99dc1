package io.ssehub.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One published event as it travels on the bus: {@code {id, topic, topics?, event?, data}}. An event has one id and
 * one or more topics; the message on a topic's address names that topic in {@code topic}, and all of them in
 * {@code topics} when there are several (a message without {@code topics}, the older shape, has one topic).
 * {@code event} is null for an unnamed SSE event ({@code message} in a browser).
 */
public record HubEvent(EventId id, List<String> topics, String event, String data) {

  public HubEvent {
    topics = List.copyOf(topics);
  }

  /** An event of one topic. */
  public HubEvent(EventId id, String topic, String event, String data) {
    this(id, topic == null ? List.of() : List.of(topic), event, data);
  }

  /** The first topic: the only one of a one-topic event. */
  public String topic() {
    return topics.isEmpty() ? null : topics.get(0);
  }

  public boolean hasSeveralTopics() {
    return topics.size() > 1;
  }

  public static HubEvent fromJson(JsonObject json) {
    JsonArray several = json.getJsonArray("topics");
    EventId id = EventId.parse(json.getString("id"));
    String event = json.getString("event");
    String data = json.getString("data", "");
    return several == null
      ? new HubEvent(id, json.getString("topic"), event, data)
      : new HubEvent(id, several.stream().map(String::valueOf).toList(), event, data);
  }

  public JsonObject toJson() {
    return toJson(topic());
  }

  /** The message for {@code topic}'s address. */
  public JsonObject toJson(String topic) {
    JsonObject json = new JsonObject()
      .put("id", id.toString())
      .put("topic", topic)
      .put("data", data);
    if (hasSeveralTopics()) {
      json.put("topics", new JsonArray(topics));
    }
    return event == null ? json : json.put("event", event);
  }
}
