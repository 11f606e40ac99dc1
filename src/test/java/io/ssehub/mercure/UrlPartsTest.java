package io.ssehub.mercure;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("UrlParts: a topic URL split into the components URL Pattern matches, relative ones resolved")
class UrlPartsTest {

  private static final UrlParts HUB = UrlParts.parse("https://hub.example.com/.well-known/mercure?x=1");

  @Test
  @DisplayName("An absolute URL: scheme and host lowercased, default port dropped, user info, search and hash split off")
  void absolute() {
    assertThat(UrlParts.parse("HTTPS://u:p@Example.COM:443/a/b?q=1#top"))
      .isEqualTo(new UrlParts("https", "u", "p", "example.com", "", "/a/b", "q=1", "top"));
    assertThat(UrlParts.parse("https://example.com:8443").pathname()).isEqualTo("/");
    assertThat(UrlParts.parse("https://example.com:8443").port()).isEqualTo("8443");
    assertThat(UrlParts.parse("urn:isbn:1")).isEqualTo(new UrlParts("urn", "", "", "", "", "isbn:1", "", ""));
    assertThat(UrlParts.parse("https://example.com:99999/")).as("a port beyond 65535").isNull();
    assertThat(UrlParts.parse("https://example.com:ab/")).isNull();
    assertThat(UrlParts.parse("alerts")).as("no scheme, no base").isNull();
  }

  @Test
  @DisplayName("Relative references resolve against the base as RFC 3986 says")
  void relative() {
    assertThat(UrlParts.parse("/books/1", HUB).pathname()).isEqualTo("/books/1");
    assertThat(UrlParts.parse("/books/1", HUB).hostname()).isEqualTo("hub.example.com");
    assertThat(UrlParts.parse("books/1", HUB).pathname()).isEqualTo("/.well-known/books/1");
    assertThat(UrlParts.parse("../books/1", HUB).pathname()).isEqualTo("/books/1");
    assertThat(UrlParts.parse("?y=2", HUB).pathname()).isEqualTo("/.well-known/mercure");
    assertThat(UrlParts.parse("?y=2", HUB).search()).isEqualTo("y=2");
    assertThat(UrlParts.parse("#h", HUB).search()).isEqualTo("x=1");
    assertThat(UrlParts.parse("//other.example.com/x", HUB).hostname()).isEqualTo("other.example.com");
  }

  @Test
  @DisplayName("Dot-segments are removed; spaces and non-ASCII are percent-encoded as UTF-8, existing escapes kept")
  void normalization() {
    assertThat(UrlParts.removeDotSegments("/a/./b/../c")).isEqualTo("/a/c");
    assertThat(UrlParts.removeDotSegments("/a/b/..")).isEqualTo("/a/");
    assertThat(UrlParts.removeDotSegments("/../../a")).isEqualTo("/a");
    assertThat(UrlParts.parse("https://example.com/caf\u00e9 au lait").pathname()).isEqualTo("/caf%C3%A9%20au%20lait");
    assertThat(UrlParts.parse("https://example.com/%41").pathname()).isEqualTo("/%41");
  }
}
