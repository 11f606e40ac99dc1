package io.ssehub.security;

import io.ssehub.bus.Topics;
import io.ssehub.bus.Uuids;

/**
 * Which topics are private to a user: seed 004's per-user streams ({@code v2.user.<name>},
 * {@code v3.user.<name>}) and report streams ({@code reports.<uuid>}), however they are reached (their own
 * routes, {@code /topics/...} or {@code /subscribe}).
 */
public final class PrivateTopics {

  private static final String REPORTS = Topics.reports("");

  private PrivateTopics() {
  }

  /** The user a topic belongs to, or null for a public topic. */
  public static String owner(String topic) {
    for (String version : new String[] {"v2", "v3"}) {
      String prefix = Topics.user(version, "");
      if (topic.startsWith(prefix)) {
        return topic.substring(prefix.length());
      }
    }
    if (topic.startsWith(REPORTS)) {
      return Uuids.normalize(topic.substring(REPORTS.length())).orElse(topic.substring(REPORTS.length()));
    }
    return null;
  }
}
