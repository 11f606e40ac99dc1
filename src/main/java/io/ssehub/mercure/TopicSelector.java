package io.ssehub.mercure;

/**
 * A Mercure topic matcher, as a subscriber's query or a token's {@code authorization_details} give it: exact (byte
 * for byte, case-sensitive, no normalization), a URL Pattern ({@link UrlPattern}, relative to the hub's URL), or
 * {@code *}, which matches every topic whatever the matcher's type.
 */
public interface TopicSelector {

  String ANY = "*";

  boolean matches(String topic);

  static TopicSelector exact(String topic) {
    return ANY.equals(topic) ? any() : topic::equals;
  }

  /** The pattern compiled against the hub's URL; an invalid one is an IllegalArgumentException with a sentence. */
  static TopicSelector urlPattern(String pattern, String base) {
    if (ANY.equals(pattern)) {
      return any();
    }
    UrlPattern compiled = UrlPattern.compile(pattern, base);
    return compiled::matches;
  }

  static TopicSelector any() {
    return topic -> true;
  }

  /** Whether the matcher matches at least one of the topics. */
  default boolean matchesAny(Iterable<String> topics) {
    for (String topic : topics) {
      if (matches(topic)) {
        return true;
      }
    }
    return false;
  }
}
