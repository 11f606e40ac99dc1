package io.ssehub.mercure;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("UrlPattern: the URL Pattern parts Mercure topic matchers use, in bounded time")
class UrlPatternTest {

  private static final String HUB = "https://hub.example.com/.well-known/mercure";

  @Test
  @DisplayName("A named group matches one path segment: /books/:id matches /books/1, not /books/1/reviews nor /books/")
  void namedGroupIsOneSegment() {
    UrlPattern books = UrlPattern.compile("https://example.com/books/:id");
    assertThat(books.matches("https://example.com/books/1")).isTrue();
    assertThat(books.matches("https://example.com/books/the-name")).isTrue();
    assertThat(books.matches("https://example.com/books/1/reviews")).isFalse();
    assertThat(books.matches("https://example.com/books/")).isFalse();
    assertThat(books.matches("https://example.com/books")).isFalse();
    assertThat(books.matches("https://example.com/authors/1")).isFalse();
    assertThat(books.matches("https://example.org/books/1")).isFalse();
    assertThat(books.matches("http://example.com/books/1")).isFalse();
  }

  @Test
  @DisplayName("Several groups, and groups inside a segment: /books/:id/reviews/:review and /users/:id.json")
  void severalGroups() {
    UrlPattern reviews = UrlPattern.compile("https://example.com/books/:id/reviews/:review");
    assertThat(reviews.matches("https://example.com/books/1/reviews/7")).isTrue();
    assertThat(reviews.matches("https://example.com/books/1/reviews")).isFalse();
    UrlPattern json = UrlPattern.compile("https://example.com/users/:id.json");
    assertThat(json.matches("https://example.com/users/42.json")).isTrue();
    assertThat(json.matches("https://example.com/users/42.xml")).isFalse();
  }

  @Test
  @DisplayName("Modifiers: :id? is optional with its slash, :path+ is one or more segments, :path* zero or more")
  void modifiers() {
    UrlPattern optional = UrlPattern.compile("https://example.com/books/:id?");
    assertThat(optional.matches("https://example.com/books")).isTrue();
    assertThat(optional.matches("https://example.com/books/1")).isTrue();
    assertThat(optional.matches("https://example.com/books/1/2")).isFalse();
    UrlPattern oneOrMore = UrlPattern.compile("https://example.com/files/:path+");
    assertThat(oneOrMore.matches("https://example.com/files/a/b/c")).isTrue();
    assertThat(oneOrMore.matches("https://example.com/files")).isFalse();
    UrlPattern zeroOrMore = UrlPattern.compile("https://example.com/files/:path*");
    assertThat(zeroOrMore.matches("https://example.com/files")).isTrue();
    assertThat(zeroOrMore.matches("https://example.com/files/a/b")).isTrue();
    UrlPattern group = UrlPattern.compile("https://example.com/books{/old}?/:id");
    assertThat(group.matches("https://example.com/books/old/1")).isTrue();
    assertThat(group.matches("https://example.com/books/1")).isTrue();
  }

  @Test
  @DisplayName("Wildcards match anything, across segments and in the host: /books/* and https://*.example.com/*")
  void wildcards() {
    UrlPattern below = UrlPattern.compile("https://example.com/books/*");
    assertThat(below.matches("https://example.com/books/1")).isTrue();
    assertThat(below.matches("https://example.com/books/1/reviews/2")).isTrue();
    assertThat(below.matches("https://example.com/books/")).isTrue();
    assertThat(below.matches("https://example.com/authors/1")).isFalse();
    UrlPattern hosts = UrlPattern.compile("https://*.example.com/*");
    assertThat(hosts.matches("https://api.example.com/x")).isTrue();
    assertThat(hosts.matches("https://a.b.example.com/x")).isTrue();
    assertThat(hosts.matches("https://example.org/x")).isFalse();
    UrlPattern host = UrlPattern.compile("https://:tenant.example.com/*");
    assertThat(host.matches("https://acme.example.com/x")).isTrue();
    assertThat(host.matches("https://a.b.example.com/x")).as("a hostname group stops at a dot").isFalse();
    assertThat(UrlPattern.compile("*://example.com/*").matches("wss://example.com/live")).isTrue();
  }

  @Test
  @DisplayName("Search and hash left out match anything; given, they must match; a port must match, default ports are empty")
  void laterComponentsAndPorts() {
    UrlPattern books = UrlPattern.compile("https://example.com/books/:id");
    assertThat(books.matches("https://example.com/books/1?lang=fr#top")).isTrue();
    UrlPattern search = UrlPattern.compile("https://example.com/books/1?lang=:lang");
    assertThat(search.matches("https://example.com/books/1?lang=fr")).isTrue();
    assertThat(search.matches("https://example.com/books/1")).isFalse();
    assertThat(UrlPattern.compile("https://example.com/books/:id?lang").matches("https://example.com/bookslang"))
      .as("a ? after a group is its modifier, as in the standard, not the start of the search").isTrue();
    assertThat(books.matches("https://example.com:8443/books/1")).isFalse();
    assertThat(books.matches("https://example.com:443/books/1")).isTrue();
    assertThat(UrlPattern.compile("https://example.com:443/books/:id").matches("https://example.com/books/1")).isTrue();
    assertThat(UrlPattern.compile("https://example.com:8443/*").matches("https://example.com:8443/books/1")).isTrue();
  }

  @Test
  @DisplayName("Scheme and host compare case-insensitively, the path case-sensitively; dot-segments of a topic are removed")
  void canonicalForms() {
    UrlPattern books = UrlPattern.compile("https://example.com/books/:id");
    assertThat(books.matches("HTTPS://Example.COM/books/1")).isTrue();
    assertThat(books.matches("https://example.com/Books/1")).isFalse();
    assertThat(books.matches("https://example.com/authors/../books/1")).isTrue();
    assertThat(UrlPattern.compile("https://example.com/caf\u00e9/*").matches("https://example.com/caf%C3%A9/1")).isTrue();
  }

  @Test
  @DisplayName("A relative pattern and a relative topic resolve against the hub's URL")
  void relativeAgainstTheBase() {
    UrlPattern books = UrlPattern.compile("/books/:id", HUB);
    assertThat(books.matches("https://hub.example.com/books/1")).isTrue();
    assertThat(books.matches("/books/1")).isTrue();
    assertThat(books.matches("https://other.example.com/books/1")).isFalse();
    UrlPattern sibling = UrlPattern.compile("updates/*", HUB);
    assertThat(sibling.matches("https://hub.example.com/.well-known/updates/1")).isTrue();
    assertThat(sibling.matches("https://hub.example.com/updates/1")).isFalse();
    assertThat(UrlPattern.compile("https://example.com/books/:id", HUB).matches("https://example.com/books/1")).isTrue();
  }

  @Test
  @DisplayName("Escaped characters are fixed text: \\* is a star, \\: a colon, and a non-special scheme such as urn works (urn:*...)")
  void escapesAndOpaqueUrls() {
    UrlPattern star = UrlPattern.compile("https://example.com/a\\*b");
    assertThat(star.matches("https://example.com/a*b")).isTrue();
    assertThat(star.matches("https://example.com/axxb")).isFalse();
    UrlPattern isbn = UrlPattern.compile("urn:*isbn\\:*");
    assertThat(isbn.matches("urn:isbn:0451450523")).isTrue();
    assertThat(isbn.matches("urn:issn:0451450523")).isFalse();
  }

  @Test
  @DisplayName("Without a base, a pattern that is not a URL matches the whole topic string as it is")
  void notAUrl() {
    UrlPattern alerts = UrlPattern.compile("alerts/*");
    assertThat(alerts.matches("alerts/fire")).isTrue();
    assertThat(alerts.matches("alerts")).isFalse();
    assertThat(alerts.matches("Alerts/fire")).as("byte for byte").isFalse();
    assertThat(UrlPattern.compile("alerts").matches("alerts")).isTrue();
    assertThat(UrlPattern.compile("alerts").matches("./alerts")).as("no normalization").isFalse();
    assertThat(UrlPattern.compile("https://example.com/*").matches("alerts")).as("a topic that is not a URL").isFalse();
  }

  @Test
  @DisplayName("Invalid patterns are refused with a sentence: regexp groups, unclosed groups, stray modifiers, repeated names, too long")
  void invalidPatterns() {
    assertThatThrownBy(() -> UrlPattern.compile("https://example.com/books/:id(\\d+)"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regular-expression groups");
    assertThatThrownBy(() -> UrlPattern.compile("https://example.com/books{/:id"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not closed");
    assertThatThrownBy(() -> UrlPattern.compile("https://example.com/a+b"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follows no group");
    assertThatThrownBy(() -> UrlPattern.compile("https://example.com/:id/:id"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> UrlPattern.compile("https://example.com/" + "a".repeat(UrlPattern.MAX_PATTERN_LENGTH)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + UrlPattern.MAX_PATTERN_LENGTH);
    assertThatThrownBy(() -> UrlPattern.compile("/books/:id", "not a url"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an absolute URL");
  }

  @Test
  @DisplayName("A pattern built to backtrack (many wildcards, a near-miss topic) is answered: the engine is linear")
  void noCatastrophicBacktracking() {
    String pattern = "https://example.com/" + "*a".repeat(100) + "b";
    String topic = "https://example.com/" + "a".repeat(UrlPattern.MAX_TOPIC_LENGTH - 40);
    UrlPattern evil = UrlPattern.compile(pattern);
    assertThat(evil.matches(topic)).isFalse();
    assertThat(evil.matches(topic + "b")).isTrue();
    UrlPattern optionalWildcards = UrlPattern.compile("https://e.com/" + "*?".repeat(500) + "x");
    assertThat(optionalWildcards.matches("https://e.com/" + "y".repeat(UrlPattern.MAX_TOPIC_LENGTH - 20))).isFalse();
    assertThat(optionalWildcards.matches("https://e.com/yx")).isTrue();
    assertThat(UrlPattern.compile("https://example.com/*").matches("https://example.com/" + "a".repeat(9000)))
      .as("a topic beyond the limit matches nothing").isFalse();
  }
}
