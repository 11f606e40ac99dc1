package io.ssehub.mercure;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A WHATWG URL Pattern given as one string, the form Mercure's {@code match_urlpattern} and token matchers use:
 * {@code https://example.com/books/:id}, or a relative {@code /books/:id} resolved against a base URL (the hub's
 * {@code https://hub.example.com/.well-known/mercure}). Each of the eight components is a {@link PatternComponent}
 * (named groups, {@code *}, groups with {@code ?}/{@code +}/{@code *}; no regular-expression groups), matched in time
 * linear in the topic's length.
 *
 * <p>As in the standard, a component the string leaves out after the last one it gives matches anything
 * ({@code https://example.com/books/:id} matches whatever the search and hash), one it skips before that is empty, a
 * port is empty once a host is given, and a relative pattern takes the base's protocol, host and port (and its
 * pathname, when it gives only a search or a hash); username and password are wildcards unless given. Topics are
 * parsed with {@link UrlParts}, relative ones against the same base.
 *
 * <p>What is not a URL: a pattern with no scheme and no base is matched against the whole topic string as it is,
 * byte for byte apart from its groups and wildcards, with no parsing and no normalization; a topic that is not a URL
 * (no scheme, no base) matches only such a pattern.
 */
public final class UrlPattern {

  /** The longest pattern accepted, and the longest topic matched (a longer topic matches no pattern). */
  public static final int MAX_PATTERN_LENGTH = 1024;
  public static final int MAX_TOPIC_LENGTH = 8192;

  private static final UnaryOperator<String> LOWER = text -> text.toLowerCase(Locale.ROOT);
  private static final UnaryOperator<String> ENCODED = UrlParts::encode;

  private final String source;
  private final UrlParts base;
  private final PatternComponent whole;
  private final PatternComponent[] components;

  private UrlPattern(String source, UrlParts base, PatternComponent whole, PatternComponent[] components) {
    this.source = source;
    this.base = base;
    this.whole = whole;
    this.components = components;
  }

  /** The pattern compiled; null base for none. Invalid or too long: IllegalArgumentException with a sentence. */
  public static UrlPattern compile(String pattern, String base) {
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException("The URL pattern is " + pattern.length() + " characters long; at most "
        + MAX_PATTERN_LENGTH + " are accepted.");
    }
    UrlParts baseUrl = base == null ? null : UrlParts.parse(base);
    if (base != null && baseUrl == null) {
      throw new IllegalArgumentException("The base URL \"" + base + "\" is not an absolute URL.");
    }
    PatternSplit split = PatternSplit.of(pattern, baseUrl);
    if (split == null) {
      return new UrlPattern(pattern, null, PatternComponent.compile(pattern, (char) 0, "text", UnaryOperator.identity()),
        null);
    }
    return new UrlPattern(pattern, baseUrl, null, compiled(split));
  }

  public static UrlPattern compile(String pattern) {
    return compile(pattern, null);
  }

  /** Whether the topic (a URL, relative to the base if there is one, or any text for a pattern that is not a URL). */
  public boolean matches(String topic) {
    if (topic.length() > MAX_TOPIC_LENGTH) {
      return false;
    }
    if (whole != null) {
      return whole.matches(topic);
    }
    UrlParts url = UrlParts.parse(topic, base);
    return url != null
      && components[0].matches(url.protocol())
      && components[1].matches(url.username())
      && components[2].matches(url.password())
      && components[3].matches(url.hostname())
      && components[4].matches(url.port())
      && components[5].matches(url.pathname())
      && components[6].matches(url.search())
      && components[7].matches(url.hash());
  }

  @Override
  public String toString() {
    return source;
  }

  private static PatternComponent[] compiled(PatternSplit split) {
    String protocol = split.protocol().toLowerCase(Locale.ROOT);
    String defaultPort = UrlParts.SPECIAL.get(protocol);
    String port = split.port().equals(defaultPort) ? "" : split.port();
    return new PatternComponent[] {
      component(split.protocol(), (char) 0, "protocol", LOWER),
      component(split.username(), (char) 0, "username", ENCODED),
      component(split.password(), (char) 0, "password", ENCODED),
      component(split.hostname(), '.', "hostname", LOWER),
      component(port, (char) 0, "port", UnaryOperator.identity()),
      component(split.pathname(), '/', "pathname", ENCODED),
      component(split.search(), (char) 0, "search", ENCODED),
      component(split.hash(), (char) 0, "hash", ENCODED)};
  }

  private static PatternComponent component(String pattern, char delimiter, String what, UnaryOperator<String> canon) {
    return pattern.equals("*") ? PatternComponent.ANY : PatternComponent.compile(pattern, delimiter, what, canon);
  }
}
