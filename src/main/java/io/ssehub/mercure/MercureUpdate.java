package io.ssehub.mercure;

import io.ssehub.bus.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A Mercure update as it travels through the hub's core: one hub event on the internal topic {@value #FEED}, whose
 * {@code event} is the update's {@code type} and whose data is the envelope
 * {@code {"topics": [..], "data": "..", "private"?: true, "id"?: "..", "retry"?: n}}. {@value #FEED} is not a name
 * the topic API accepts ({@code /topics/...}, {@code /subscribe}, the history and info routes), so an update,
 * private or not, reaches only Mercure streams, each of which checks it against its matchers and its token.
 *
 * @param topics the update's topics, the canonical one first
 * @param data its data
 * @param isPrivate whether only subscribers whose token covers one of its topics may receive it
 * @param id the publisher's id, or null when the hub's own is used ({@link #sseId})
 * @param type the SSE {@code event}, or null
 * @param retry the SSE {@code retry} in milliseconds, or null
 */
public record MercureUpdate(List<String> topics, String data, boolean isPrivate, String id, String type, Long retry) {

  /** The hub topic every Mercure update is published to. */
  public static final String FEED = "_mercure";

  private static final ThreadLocal<Decoded> LAST = new ThreadLocal<>();

  /** The last event decoded on this thread: the fanout hands the same event to every stream of a loop in a row. */
  private record Decoded(HubEvent event, MercureUpdate update) {
  }

  static MercureUpdate of(PublishForm form) {
    return new MercureUpdate(form.topics(), form.data(), form.isPrivate(), form.id(), form.type(), form.retry());
  }

  /** The hub event's data. */
  String envelope() {
    JsonObject json = new JsonObject().put("topics", new JsonArray(topics)).put("data", data);
    if (isPrivate) {
      json.put("private", true);
    }
    if (id != null) {
      json.put("id", id);
    }
    if (retry != null) {
      json.put("retry", retry);
    }
    return json.encode();
  }

  /** Whether the hub event came through {@value #FEED}: it is a Mercure update, or something that claims to be. */
  static boolean isFeed(HubEvent event) {
    return event.topics().contains(FEED);
  }

  /** The update a {@value #FEED} event carries, or null when its data is not an envelope (it then reaches no one). */
  static MercureUpdate from(HubEvent event) {
    Decoded last = LAST.get();
    if (last != null && last.event() == event) {
      return last.update();
    }
    MercureUpdate update = decode(event);
    LAST.set(new Decoded(event, update));
    return update;
  }

  /**
   * The SSE id of a hub event on a Mercure stream: the publisher's id, else {@code #} and the hub's id (a fragment,
   * as the specification allows the hub's own ids to be, which no publisher id may start with).
   */
  static String sseId(HubEvent event, MercureUpdate update) {
    return update != null && update.id() != null ? update.id() : hubId(event.id().toString());
  }

  static String hubId(String eventId) {
    return "#" + eventId;
  }

  private static MercureUpdate decode(HubEvent event) {
    try {
      JsonObject json = new JsonObject(event.data());
      List<String> topics = json.getJsonArray("topics").stream().map(String.class::cast).toList();
      String data = json.getString("data");
      if (topics.isEmpty() || data == null) {
        return null;
      }
      return new MercureUpdate(topics, data, json.getBoolean("private", false), json.getString("id"),
        event.event(), json.getLong("retry"));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
