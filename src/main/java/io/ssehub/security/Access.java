package io.ssehub.security;

import io.ssehub.bus.Uuids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * What one request needs: nothing, a token that may publish to some topics, or a token whose subject owns
 * a private stream. A token's {@code publish} claim lists topic names, {@code prefix*} patterns, or
 * {@code *}; its {@code sub} is the user. A UUID owner and subject compare without case, as UUIDs do.
 */
public record Access(List<String> publishTo, List<String> owners) {

  public static final Access OPEN = new Access(List.of(), List.of());

  public static Access publish(String topic) {
    return new Access(List.of(topic), List.of());
  }

  /** Publishing to every one of {@code topics}; open when there are none (the route then refuses the request). */
  public static Access publish(List<String> topics) {
    return new Access(List.copyOf(topics), List.of());
  }

  public static Access ownedBy(String user) {
    return user == null || user.isEmpty() ? OPEN : new Access(List.of(), List.of(user));
  }

  /** Subscribing to topics: open, except for the private topics among them. */
  public static Access subscribe(List<String> topics) {
    return new Access(List.of(), topics.stream().map(PrivateTopics::owner).filter(Objects::nonNull).distinct().toList());
  }

  public boolean isOpen() {
    return publishTo.isEmpty() && owners.isEmpty();
  }

  /** Null when the claims grant this access, else the sentence of the 403. */
  public String refusal(JsonObject claims, String publishClaim) {
    String subject = claims.getValue("sub") instanceof String sub ? sub : null;
    for (String owner : owners) {
      if (!Uuids.canonical(owner).equals(Uuids.canonical(subject))) {
        return "This belongs to user '" + owner + "' but your token is for "
          + (subject == null ? "no user (it has no 'sub' claim)" : "'" + subject + "'")
          + "; sign in as '" + owner + "' to use it.";
      }
    }
    for (String topic : publishTo) {
      if (!mayPublish(claims.getValue(publishClaim), topic)) {
        return "Your token does not allow publishing to '" + topic + "'; ask for a token whose '" + publishClaim
          + "' claim lists that topic (or a pattern such as '" + prefix(topic) + "*').";
      }
    }
    return null;
  }

  private static boolean mayPublish(Object claim, String topic) {
    List<?> patterns = claim instanceof JsonArray array ? array.getList()
      : claim instanceof String single ? List.of(single) : List.of();
    return patterns.stream().anyMatch(pattern -> pattern instanceof String text && matches(text, topic));
  }

  static boolean matches(String pattern, String topic) {
    return pattern.endsWith("*") ? topic.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(topic);
  }

  private static String prefix(String topic) {
    int dot = topic.lastIndexOf('.');
    return dot < 0 ? topic : topic.substring(0, dot + 1);
  }
}
