package io.ssehub.mercure;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Mercure subscription request's query ({@code GET /.well-known/mercure?match=...}): its topic matchers and its
 * reconciliation cursor. {@code match} and {@code match_exact} are exact matchers, {@code match_urlpattern} URL
 * Patterns; any other name starting with {@code match} in any case, a value with control or format characters, an
 * invalid or too long pattern, a value longer than a topic may be, no matcher or more than the limit is a 400 ({@link MercureRefusal}). The cursor is the
 * {@code Last-Event-ID} header when it is there, else the {@code last_event_id} parameter.
 *
 * @param selectors the matchers, in query order
 * @param lastEventId the cursor ({@code earliest} included), or null for none
 */
public record SubscribeQuery(List<TopicSelector> selectors, String lastEventId) {

  public static final String EXACT = "match";
  public static final String EXACT_ALIAS = "match_exact";
  public static final String URL_PATTERN = "match_urlpattern";
  public static final String LAST_EVENT_ID = "last_event_id";

  /** Reads the query; {@code hubUrl} is the base of relative patterns, {@code header} the Last-Event-ID header or null. */
  public static SubscribeQuery parse(MultiMap query, String header, int maxMatchers, String hubUrl) {
    return parse(query.entries(), header, maxMatchers, hubUrl);
  }

  public static SubscribeQuery parse(List<Map.Entry<String, String>> query, String header, int maxMatchers,
                                     String hubUrl) {
    List<TopicSelector> selectors = new ArrayList<>();
    String cursor = null;
    for (Map.Entry<String, String> parameter : query) {
      String name = parameter.getKey();
      if (name.equals(LAST_EVENT_ID)) {
        cursor = parameter.getValue().isEmpty() ? null : checked(name, parameter.getValue());
      } else if (name.toLowerCase(Locale.ROOT).startsWith(EXACT)) {
        if (selectors.size() == maxMatchers) {
          throw MercureRefusal.badRequest("A subscription may have at most " + maxMatchers
            + " matchers; this one has more. Subscribe with fewer, or with a URL pattern that covers several topics.");
        }
        selectors.add(selector(name, parameter.getValue(), hubUrl));
      }
    }
    if (selectors.isEmpty()) {
      throw MercureRefusal.badRequest("Name at least one topic: add ?match=<topic> (exact) or "
        + "?match_urlpattern=<URL pattern>, or ?match=* for every topic.");
    }
    boolean hasHeader = header != null && !header.isEmpty();
    return new SubscribeQuery(List.copyOf(selectors), hasHeader ? checked("Last-Event-ID", header) : cursor);
  }

  /** Whether at least one matcher matches at least one of the topics. */
  public boolean matchesAny(List<String> topics) {
    return selectors.stream().anyMatch(selector -> selector.matchesAny(topics));
  }

  private static TopicSelector selector(String name, String value, String hubUrl) {
    if (name.equals(EXACT) || name.equals(EXACT_ALIAS)) {
      return TopicSelector.exact(checked(name, value));
    }
    if (name.equals(URL_PATTERN)) {
      try {
        return TopicSelector.urlPattern(checked(name, value), hubUrl);
      } catch (IllegalArgumentException e) {
        throw MercureRefusal.badRequest("The parameter match_urlpattern is not a URL pattern this hub takes: "
          + e.getMessage());
      }
    }
    throw MercureRefusal.badRequest("The parameter '" + name + "' is not one this hub knows; the names starting with "
      + "'match' are reserved: use match (or match_exact) for an exact topic and match_urlpattern for a URL pattern.");
  }

  private static String checked(String name, String value) {
    String problem = Characters.problem(value);
    if (problem != null) {
      throw MercureRefusal.badRequest("The value of '" + name + "' " + problem + "; remove it and send the request again.");
    }
    if (value.length() > UrlPattern.MAX_TOPIC_LENGTH) {
      throw MercureRefusal.badRequest("The value of '" + name + "' is longer than " + UrlPattern.MAX_TOPIC_LENGTH
        + " characters, more than any topic may be.");
    }
    if (value.isEmpty() && !name.equals(LAST_EVENT_ID)) {
      throw MercureRefusal.badRequest("The parameter '" + name + "' is empty; give it a topic, a URL pattern or *.");
    }
    return value;
  }
}
