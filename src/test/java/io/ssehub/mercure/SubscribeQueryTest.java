package io.ssehub.mercure;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SubscribeQuery: a Mercure subscription's matchers and cursor, or a 400 with a sentence")
class SubscribeQueryTest {

  private static final String HUB = "https://hub.example.com/.well-known/mercure";

  @Test
  @DisplayName("match and match_exact compare byte for byte; match_urlpattern is a URL Pattern; several matchers add up")
  void matcherTypes() {
    SubscribeQuery query = parse(Map.entry("match", "https://example.com/books/1"),
      Map.entry("match_exact", "alerts"), Map.entry("match_urlpattern", "https://example.com/authors/:id"));
    assertThat(query.selectors()).hasSize(3);
    assertThat(query.matchesAny(List.of("https://example.com/books/1"))).isTrue();
    assertThat(query.matchesAny(List.of("https://example.com/books/2"))).isFalse();
    assertThat(query.matchesAny(List.of("https://example.com/Books/1"))).as("case-sensitive").isFalse();
    assertThat(query.matchesAny(List.of("https://example.com/books/./1"))).as("no normalization").isFalse();
    assertThat(query.matchesAny(List.of("alerts"))).isTrue();
    assertThat(query.matchesAny(List.of("https://example.com/authors/7"))).isTrue();
    assertThat(query.matchesAny(List.of("https://example.com/authors/7/books"))).isFalse();
    assertThat(query.matchesAny(List.of("nope", "https://example.com/authors/7"))).as("any topic of an update").isTrue();
  }

  @Test
  @DisplayName("* matches every topic whatever the matcher type")
  void star() {
    assertThat(parse(Map.entry("match", "*")).matchesAny(List.of("anything at all"))).isTrue();
    assertThat(parse(Map.entry("match_urlpattern", "*")).matchesAny(List.of("urn:x"))).isTrue();
    assertThat(parse(Map.entry("match_exact", "*")).matchesAny(List.of("https://example.com/"))).isTrue();
  }

  @Test
  @DisplayName("A relative URL pattern resolves against the hub's URL")
  void relativePattern() {
    SubscribeQuery query = parse(Map.entry("match_urlpattern", "/books/:id"));
    assertThat(query.matchesAny(List.of("https://hub.example.com/books/1"))).isTrue();
    assertThat(query.matchesAny(List.of("https://example.com/books/1"))).isFalse();
  }

  @Test
  @DisplayName("Any other parameter in the match namespace, in any case, is a 400 naming it; other parameters are ignored")
  void reservedNamespace() {
    for (String name : List.of("matchURLPattern", "MATCH", "match_regexp", "Match_exact", "matches")) {
      assertThatThrownBy(() -> parse(Map.entry("match", "a"), Map.entry(name, "b")))
        .isInstanceOfSatisfying(MercureRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400))
        .hasMessageContaining("'" + name + "'").hasMessageContaining("reserved");
    }
    assertThat(parse(Map.entry("match", "a"), Map.entry("topic", "b"), Map.entry("lang", "fr")).selectors()).hasSize(1);
  }

  @Test
  @DisplayName("Control characters (C0, C1, U+007F) and format characters in a value are a 400")
  void badCharacters() {
    for (String bad : List.of("a\u0000b", "a\nb", "a\u007fb", "a\u0085b", "a\u200bb", "a\u202eb", "\ufeffa")) {
      assertThatThrownBy(() -> parse(Map.entry("match", bad)))
        .isInstanceOfSatisfying(MercureRefusal.class, refusal -> assertThat(refusal.status()).isEqualTo(400))
        .hasMessageContaining("U+");
      assertThatThrownBy(() -> parse(Map.entry("match_urlpattern", bad))).isInstanceOf(MercureRefusal.class);
      assertThatThrownBy(() -> parse(Map.entry("match", "a"), Map.entry("last_event_id", bad)))
        .isInstanceOf(MercureRefusal.class);
    }
    assertThat(parse(Map.entry("match", "caf\u00e9 \u65e5\u672c")).selectors()).hasSize(1);
  }

  @Test
  @DisplayName("An invalid URL pattern, an empty matcher, no matcher at all and too many matchers are each a 400")
  void refusals() {
    assertThatThrownBy(() -> parse(Map.entry("match_urlpattern", "https://example.com/:id(\\d+)")))
      .isInstanceOf(MercureRefusal.class).hasMessageContaining("match_urlpattern");
    assertThatThrownBy(() -> parse(Map.entry("match", ""))).isInstanceOf(MercureRefusal.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> parse(Map.entry("match_urlpattern", "/" + "a".repeat(UrlPattern.MAX_PATTERN_LENGTH))))
      .isInstanceOf(MercureRefusal.class).hasMessageContaining("at most " + UrlPattern.MAX_PATTERN_LENGTH);
    assertThatThrownBy(() -> parse(Map.entry("match", "a".repeat(UrlPattern.MAX_TOPIC_LENGTH + 1))))
      .isInstanceOf(MercureRefusal.class).hasMessageContaining("longer than");
    assertThatThrownBy(() -> parse(Map.entry("lang", "fr"))).isInstanceOf(MercureRefusal.class)
      .hasMessageContaining("?match=");
    assertThatThrownBy(() -> parse(Map.entry("match", "a"), Map.entry("match", "b"), Map.entry("match", "c"),
      Map.entry("match", "d"))).isInstanceOf(MercureRefusal.class).hasMessageContaining("at most 3");
    assertThat(parse(Map.entry("match", "a"), Map.entry("match", "b"), Map.entry("match", "c")).selectors()).hasSize(3);
  }

  @Test
  @DisplayName("The cursor: the Last-Event-ID header wins over last_event_id, which is read when there is no header")
  void cursor() {
    List<Map.Entry<String, String>> query = List.of(Map.entry("match", "a"), Map.entry("last_event_id", "from-query"));
    assertThat(SubscribeQuery.parse(query, "from-header", 3, HUB).lastEventId()).isEqualTo("from-header");
    assertThat(SubscribeQuery.parse(query, null, 3, HUB).lastEventId()).isEqualTo("from-query");
    assertThat(SubscribeQuery.parse(query, "", 3, HUB).lastEventId()).isEqualTo("from-query");
    assertThat(SubscribeQuery.parse(List.of(Map.entry("match", "a"), Map.entry("last_event_id", "earliest")), null, 3, HUB)
      .lastEventId()).isEqualTo("earliest");
    assertThat(SubscribeQuery.parse(List.of(Map.entry("match", "a")), null, 3, HUB).lastEventId()).isNull();
  }

  @Test
  @DisplayName("A Vert.x MultiMap query is read the same way")
  void multiMap() {
    MultiMap query = MultiMap.caseInsensitiveMultiMap().add("match", "a").add("match_urlpattern", "/b/*");
    SubscribeQuery parsed = SubscribeQuery.parse(query, null, 3, HUB);
    assertThat(parsed.matchesAny(List.of("a"))).isTrue();
    assertThat(parsed.matchesAny(List.of("https://hub.example.com/b/c"))).isTrue();
  }

  @SafeVarargs
  private static SubscribeQuery parse(Map.Entry<String, String>... query) {
    return SubscribeQuery.parse(List.of(query), null, 3, HUB);
  }
}
