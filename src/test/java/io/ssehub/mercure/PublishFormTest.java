package io.ssehub.mercure;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("PublishForm: a Mercure publish form's fields, or a 400 with a sentence")
class PublishFormTest {

  private static final String HUB = "https://hub.example.com/.well-known/mercure";

  @Test
  @DisplayName("Every field read: topics in order (the first canonical), data, private by presence, id, type, retry")
  void everyField() {
    PublishForm form = parse(Map.entry("topic", "https://example.com/books/1"), Map.entry("data", "line 1\nline 2"),
      Map.entry("topic", "https://example.com/authors/7"), Map.entry("private", ""), Map.entry("id", "urn:uuid:1"),
      Map.entry("type", "book-updated"), Map.entry("retry", "5000"));
    assertThat(form.topics()).containsExactly("https://example.com/books/1", "https://example.com/authors/7");
    assertThat(form.canonicalTopic()).isEqualTo("https://example.com/books/1");
    assertThat(form.data()).isEqualTo("line 1\nline 2");
    assertThat(form.isPrivate()).isTrue();
    assertThat(form.id()).isEqualTo("urn:uuid:1");
    assertThat(form.type()).isEqualTo("book-updated");
    assertThat(form.retry()).isEqualTo(5000L);
  }

  @Test
  @DisplayName("Only a topic is required: no data is empty data, no private is public, no id/type/retry are null")
  void defaults() {
    PublishForm form = parse(Map.entry("topic", "alerts"));
    assertThat(form.data()).isEmpty();
    assertThat(form.isPrivate()).isFalse();
    assertThat(form.id()).isNull();
    assertThat(form.type()).isNull();
    assertThat(form.retry()).isNull();
    assertThat(parse(Map.entry("topic", "a"), Map.entry("private", "false")).isPrivate())
      .as("private is its presence, whatever its value").isTrue();
  }

  @Test
  @DisplayName("No topic, or an empty one, is a 400")
  void topicRequired() {
    assertThatThrownBy(() -> parse(Map.entry("data", "x")))
      .isInstanceOfSatisfying(MercureRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400))
      .hasMessageContaining("'topic'");
    assertThatThrownBy(() -> parse(Map.entry("topic", ""))).isInstanceOf(MercureRefusal.class).hasMessageContaining("empty");
  }

  @Test
  @DisplayName("A topic with control or format characters, or longer than a URL pattern can match, is a 400")
  void topicCharacters() {
    for (String topic : List.of("a\nb", "a\u0000", "a\u0085", "a\u200bb", "x".repeat(UrlPattern.MAX_TOPIC_LENGTH + 1))) {
      assertThatThrownBy(() -> parse(Map.entry("topic", topic)))
        .isInstanceOfSatisfying(MercureRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400))
        .hasMessageContaining("'topic'");
    }
    assertThat(parse(Map.entry("topic", "x".repeat(UrlPattern.MAX_TOPIC_LENGTH))).topics()).hasSize(1);
    assertThat(parse(Map.entry("topic", "https://example.com/caf\u00e9")).topics()).hasSize(1);
  }

  @Test
  @DisplayName("The topic * and topics in the hub's namespace, however spelt, are a 400; near misses are not")
  void reservedTopics() {
    for (String topic : List.of("*", "https://hub.example.com/.well-known/mercure",
      "https://hub.example.com/.well-known/mercure/subscriptions/x", "/.well-known/mercure", "mercure",
      "mercure/subscriptions", "/a/../.well-known/mercure", "/.well-known/./mercure/x", "/%2Ewell-known/mercure",
      "/.well-known/%6Dercure/x", "https://other.example.com/.well-known/mercure")) {
      assertThatThrownBy(() -> parse(Map.entry("topic", "https://example.com/ok"), Map.entry("topic", topic)))
        .as(topic).isInstanceOfSatisfying(MercureRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400))
        .hasMessageContaining("refused");
    }
    for (String topic : List.of("https://hub.example.com/.well-known/mercurex", "/.well-known/other",
      "https://example.com/books/1", "/.well-known/mercure%2Fx", "alerts", "**")) {
      assertThat(parse(Map.entry("topic", topic)).topics()).as(topic).containsExactly(topic);
    }
  }

  @Test
  @DisplayName("An id starting with #, equal to earliest, empty, or with control or format characters is a 400")
  void badIds() {
    for (String id : List.of("#1", "earliest", "", "a\nb", "a\u0000", "a\u0085", "a\u200db")) {
      assertThatThrownBy(() -> parse(Map.entry("topic", "a"), Map.entry("id", id)))
        .as(id).isInstanceOfSatisfying(MercureRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400))
        .hasMessageContaining("'id'");
    }
    assertThat(parse(Map.entry("topic", "a"), Map.entry("id", "a#1")).id()).isEqualTo("a#1");
    assertThat(parse(Map.entry("topic", "a"), Map.entry("id", "Earliest")).id()).isEqualTo("Earliest");
  }

  @Test
  @DisplayName("retry must be a whole number from 0; type must be one line; id, data, type and retry may not repeat")
  void retryTypeAndRepeats() {
    assertThat(parse(Map.entry("topic", "a"), Map.entry("retry", "0")).retry()).isZero();
    for (String retry : List.of("-1", "1.5", "soon", "", "1e3", "99999999999999")) {
      assertThatThrownBy(() -> parse(Map.entry("topic", "a"), Map.entry("retry", retry)))
        .as(retry).isInstanceOf(MercureRefusal.class).hasMessageContaining("'retry'");
    }
    assertThatThrownBy(() -> parse(Map.entry("topic", "a"), Map.entry("type", "a\r\nid: forged")))
      .isInstanceOf(MercureRefusal.class).hasMessageContaining("'type'");
    for (String name : List.of("data", "id", "type", "retry")) {
      assertThatThrownBy(() -> parse(Map.entry("topic", "a"), Map.entry(name, "1"), Map.entry(name, "2")))
        .as(name).isInstanceOf(MercureRefusal.class).hasMessageContaining("more than once");
    }
  }

  @Test
  @DisplayName("A Vert.x MultiMap form is read the same way")
  void multiMap() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("topic", "a").add("topic", "b").add("data", "d");
    assertThat(PublishForm.parse(form, HUB).topics()).containsExactly("a", "b");
  }

  @SafeVarargs
  private static PublishForm parse(Map.Entry<String, String>... form) {
    return PublishForm.parse(List.of(form), HUB);
  }
}
