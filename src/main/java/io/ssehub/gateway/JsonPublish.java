package io.ssehub.gateway;

import io.ssehub.bus.Topics;
import io.ssehub.sse.SseFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /publish}, checked whole before anything is published: one event
 * {@code {"topics": [..] | "topic", "event"?, "data", "idempotencyKey"?}}, or a JSON array of them (a batch).
 * {@code data} is a string, or any other JSON value, which is sent as its JSON text.
 */
final class JsonPublish {

  static final int MAX_EVENT_NAME = 128;
  static final int MAX_IDEMPOTENCY_KEY = 256;
  private static final Set<String> FIELDS = Set.of("topic", "topics", "event", "data", "idempotencyKey");

  /** One checked event: distinct topics in the order named. */
  record Item(List<String> topics, String event, String data, String idempotencyKey) {

    /** The publish request of {@code hub.publish}. */
    JsonObject toRequest() {
      JsonObject request = new JsonObject().put("topics", new JsonArray(topics)).put("data", data);
      if (event != null) {
        request.put("event", event);
      }
      return idempotencyKey == null ? request : request.put("idempotencyKey", idempotencyKey);
    }
  }

  /** The checked events, or the status and sentence of a refusal. */
  record Parsed(List<Item> items, boolean batch, int status, String refusal) {

    boolean refused() {
      return refusal != null;
    }
  }

  /** The limits a body is checked against. */
  record Limits(int maxTopics, int maxBatch, int maxEventBytes) {
  }

  private JsonPublish() {
  }

  static Parsed parse(Buffer body, Limits limits) {
    String text = Bodies.utf8(body);
    if (text == null) {
      return refuse(400, "The body is not valid UTF-8; send JSON text in UTF-8.");
    }
    Object json = decode(text);
    if (json == null) {
      return refuse(400, "The body is not valid JSON; send {\"topics\": [\"a\"], \"data\": \"text\"}, or an array of "
        + "such objects for a batch.");
    }
    if (json instanceof JsonObject single) {
      return one(single, limits);
    }
    if (json instanceof JsonArray batch) {
      return batch(batch, limits);
    }
    return refuse(400, "The body is not a JSON object or array; send {\"topics\": [\"a\"], \"data\": \"text\"}, "
      + "or an array of such objects for a batch.");
  }

  /**
   * Every topic the body names, as well as it can be read, for the access check that runs before the route: an
   * empty list when the body is not JSON, which the route then refuses.
   */
  static List<String> topicsNamed(Buffer body) {
    String text = body == null ? null : Bodies.utf8(body);
    Object json = text == null ? null : decode(text);
    JsonArray items = json instanceof JsonArray array ? array : new JsonArray().add(json);
    Set<String> topics = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject object)) {
        continue;
      }
      if (object.getValue("topic") instanceof String topic) {
        topics.add(topic);
      }
      if (object.getValue("topics") instanceof JsonArray named) {
        named.forEach(topic -> topics.add(String.valueOf(topic)));
      }
    }
    return List.copyOf(topics);
  }

  /** The JSON value, or null when the text is not JSON (or is the JSON {@code null}). */
  private static Object decode(String text) {
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      return null;
    }
  }

  /** A refusal found while checking one event: its status and sentence, with no stack trace. */
  private static final class Refused extends RuntimeException {

    private final int status;

    Refused(int status, String sentence) {
      super(sentence, null, false, false);
      this.status = status;
    }
  }

  private static Parsed one(JsonObject single, Limits limits) {
    try {
      return new Parsed(List.of(item(single, limits)), false, 0, null);
    } catch (Refused refused) {
      return refuse(refused.status, "The event " + lowerFirst(refused.getMessage()));
    }
  }

  private static Parsed batch(JsonArray batch, Limits limits) {
    if (batch.isEmpty()) {
      return refuse(400, "The batch is empty; send at least one event.");
    }
    if (batch.size() > limits.maxBatch()) {
      return refuse(413, "A batch holds at most " + limits.maxBatch() + " events (gateway.maxBatch); this one has "
        + batch.size() + ". Send it in smaller batches.");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      try {
        if (!(batch.getValue(i) instanceof JsonObject object)) {
          throw new Refused(400, "Is not a JSON object; each event of a batch is {\"topics\": [..], \"data\": ..}.");
        }
        items.add(item(object, limits));
      } catch (Refused refused) {
        return refuse(refused.status, "Event " + (i + 1) + " of the batch " + lowerFirst(refused.getMessage())
          + " Nothing was published.");
      }
    }
    return new Parsed(List.copyOf(items), true, 0, null);
  }

  /** The checked event; each refusal's sentence starts with a verb, its subject (the event) added by the caller. */
  private static Item item(JsonObject object, Limits limits) {
    String unknown = object.fieldNames().stream().filter(name -> !FIELDS.contains(name)).findFirst().orElse(null);
    if (unknown != null) {
      throw new Refused(400, "Has an unknown field \"" + Bodies.printable(unknown) + "\"; an event has topics (or "
        + "topic), event, data and idempotencyKey.");
    }
    List<String> topics = topics(object, limits);
    Object event = object.getValue("event");
    if (event != null && !(event instanceof String name && isEventName(name))) {
      throw new Refused(400, "Has an event name that is not 1 to " + MAX_EVENT_NAME
        + " characters of text with no CR, LF or NUL; fix \"event\" or leave it out.");
    }
    if (!object.containsKey("data")) {
      throw new Refused(400, "Has no \"data\"; send the event's data as a string or any JSON value.");
    }
    String data = dataText(object.getValue("data"));
    int size = Buffer.buffer(data).length();
    if (size > limits.maxEventBytes()) {
      throw new Refused(413, "Has data of " + size + " bytes, more than this hub's limit of " + limits.maxEventBytes()
        + " (limits.maxEventBytes); send a smaller one.");
    }
    Object key = object.getValue("idempotencyKey");
    if (key != null && !(key instanceof String text && !text.isEmpty() && text.length() <= MAX_IDEMPOTENCY_KEY)) {
      throw new Refused(400, "Has an idempotencyKey that is not a string of 1 to " + MAX_IDEMPOTENCY_KEY
        + " characters; fix it or leave it out.");
    }
    return new Item(topics, (String) event, data, (String) key);
  }

  private static List<String> topics(JsonObject object, Limits limits) {
    Object one = object.getValue("topic");
    Object several = object.getValue("topics");
    if (one != null && several != null) {
      throw new Refused(400, "Names both \"topic\" and \"topics\"; use \"topics\": [..] for one topic or several.");
    }
    List<Object> named = several instanceof JsonArray array ? array.getList() : one == null ? null : List.of(one);
    if (named == null || named.isEmpty() || (several != null && !(several instanceof JsonArray))) {
      throw new Refused(400, "Names no topic; send \"topics\": [\"a\", \"b\"] (or \"topic\": \"a\").");
    }
    Set<String> distinct = new LinkedHashSet<>();
    for (Object name : named) {
      if (!(name instanceof String topic) || !Topics.isValidName(topic)) {
        throw new Refused(400, "Names an invalid topic \"" + Bodies.printable(String.valueOf(name)) + "\": use "
          + Topics.nameRule() + ".");
      }
      distinct.add(topic);
    }
    if (distinct.size() > limits.maxTopics()) {
      throw new Refused(400, "Names " + distinct.size() + " topics; an event goes to at most " + limits.maxTopics()
        + " (gateway.maxTopicsPerStream).");
    }
    return List.copyOf(distinct);
  }

  private static boolean isEventName(String name) {
    return !name.isEmpty() && name.length() <= MAX_EVENT_NAME && SseFrames.isSingleLine(name);
  }

  private static String dataText(Object data) {
    if (data instanceof String text) {
      return text;
    }
    if (data instanceof JsonObject object) {
      return object.encode();
    }
    if (data instanceof JsonArray array) {
      return array.encode();
    }
    return Json.encode(data);
  }

  private static String lowerFirst(String sentence) {
    return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
  }

  private static Parsed refuse(int status, String sentence) {
    return new Parsed(List.of(), false, status, sentence);
  }
}
