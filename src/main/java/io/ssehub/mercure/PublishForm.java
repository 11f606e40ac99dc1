package io.ssehub.mercure;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Mercure publish request's form ({@code POST /.well-known/mercure}, {@code application/x-www-form-urlencoded}),
 * checked. A rule broken is a 400 ({@link MercureRefusal}) with a sentence; nothing is half-read.
 *
 * @param topics {@code topic}, one or more; the first is the canonical topic, the others alternates; none with
 *               control or format characters, none longer than {@link UrlPattern#MAX_TOPIC_LENGTH}
 * @param data {@code data}, or the empty string when not given
 * @param isPrivate whether {@code private} is present, whatever its value
 * @param id {@code id}, the publisher's id for the SSE {@code id}, or null for one the hub makes: refused when it
 *           starts with {@code #}, is {@code earliest}, or holds control or format characters
 * @param type {@code type}, the SSE {@code event}, or null
 * @param retry {@code retry}, the SSE {@code retry} in milliseconds (a whole number from 0), or null
 */
public record PublishForm(List<String> topics, String data, boolean isPrivate, String id, String type, Long retry) {

  /** The hub's own namespace: no update may be published to it (nor to {@code *}). */
  public static final String RESERVED_PATH = "/.well-known/mercure";
  private static final List<String> SINGLE = List.of("data", "id", "type", "retry");

  public static PublishForm parse(MultiMap form, String hubUrl) {
    return parse(form.entries(), hubUrl);
  }

  /** Reads the form's fields; relative topics are resolved against {@code hubUrl} for the reserved-namespace rule. */
  public static PublishForm parse(List<Map.Entry<String, String>> form, String hubUrl) {
    List<String> topics = new ArrayList<>();
    for (Map.Entry<String, String> field : form) {
      if (field.getKey().equals("topic")) {
        topics.add(topic(field.getValue(), hubUrl));
      }
    }
    if (topics.isEmpty()) {
      throw MercureRefusal.badRequest("Name the update's topic in a 'topic' field (repeat it for alternate topics).");
    }
    for (String name : SINGLE) {
      if (form.stream().filter(field -> field.getKey().equals(name)).count() > 1) {
        throw MercureRefusal.badRequest("The field '" + name + "' is given more than once; send it once.");
      }
    }
    String data = single(form, "data");
    return new PublishForm(List.copyOf(topics), data == null ? "" : data,
      form.stream().anyMatch(field -> field.getKey().equals("private")),
      id(single(form, "id")), type(single(form, "type")), retry(single(form, "retry")));
  }

  public String canonicalTopic() {
    return topics.get(0);
  }

  /** Whether the topic, resolved against the hub's URL with dot-segments and unreserved escapes undone, is reserved. */
  public static boolean reserved(String topic, String hubUrl) {
    if (TopicSelector.ANY.equals(topic)) {
      return true;
    }
    UrlParts base = hubUrl == null ? null : UrlParts.parse(hubUrl);
    UrlParts url = UrlParts.parse(decodeUnreserved(topic), base);
    if (url == null || !url.pathname().startsWith("/")) {
      return false;
    }
    String path = UrlParts.removeDotSegments(url.pathname());
    return path.equals(RESERVED_PATH) || path.startsWith(RESERVED_PATH + "/");
  }

  private static String topic(String topic, String hubUrl) {
    if (topic.isEmpty()) {
      throw MercureRefusal.badRequest("A 'topic' field is empty; give it the topic's URL or name.");
    }
    String problem = topic.length() > UrlPattern.MAX_TOPIC_LENGTH
      ? "is longer than " + UrlPattern.MAX_TOPIC_LENGTH + " characters" : Characters.problem(topic);
    if (problem != null) {
      throw MercureRefusal.badRequest("A 'topic' field " + problem + "; a topic is one line of text, such as a URL.");
    }
    if (reserved(topic, hubUrl)) {
      throw MercureRefusal.badRequest("The topic \"" + topic + "\" is refused: " + (TopicSelector.ANY.equals(topic)
        ? "* is a matcher for every topic, not a topic" : "the hub reserves " + RESERVED_PATH + " and what is below it")
        + "; publish to another topic.");
    }
    return topic;
  }

  private static String id(String id) {
    if (id == null) {
      return null;
    }
    String problem = id.isEmpty() ? "is empty" : id.startsWith("#") ? "starts with #"
      : id.equals("earliest") ? "is the reserved word earliest" : Characters.problem(id);
    if (problem != null) {
      throw MercureRefusal.badRequest("The field 'id' " + problem + "; give the update another id, or none and the "
        + "hub makes one.");
    }
    return id;
  }

  private static String type(String type) {
    String problem = type == null ? null : type.isEmpty() ? "is empty" : Characters.problem(type);
    if (problem != null) {
      throw MercureRefusal.badRequest("The field 'type' " + problem + "; give the event's type as one line of text.");
    }
    return type;
  }

  private static Long retry(String retry) {
    if (retry == null) {
      return null;
    }
    if (!retry.matches("[0-9]{1,12}")) {
      throw MercureRefusal.badRequest("The field 'retry' must be a whole number of milliseconds from 0, found \""
        + retry + "\".");
    }
    return Long.parseLong(retry);
  }

  private static String single(List<Map.Entry<String, String>> form, String name) {
    return form.stream().filter(field -> field.getKey().equals(name)).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  /** {@code %41} is {@code A}, {@code %2e} is {@code .}: escapes of unreserved characters (RFC 3986) decoded. */
  static String decodeUnreserved(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
        char decoded = (char) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        if (Character.isLetterOrDigit(decoded) && decoded < 0x80 || "-._~".indexOf(decoded) >= 0) {
          out.append(decoded);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
