package io.ssehub.bus;

import java.util.List;
import java.util.regex.Pattern;

/** Topic names used by the seed routes, and the rule for names that clients choose. */
public final class Topics {

  /** Seed 002's announcer: START, PING and NICKNAME events. */
  public static final String ANNOUNCER = "announcer";
  /** Seed 003's clock: a {@code ping} event with the Unix time every second. */
  public static final String CLOCK = "clock";
  /** The monitor's figures of each node, once a second ({@code GET /monitor/stream}). */
  public static final String MONITOR = "monitor";
  /** The start of the topic a node's warm-up streams subscribe to (a random suffix per node). */
  public static final String WARM_UP_PREFIX = "ssehub-warm-up-";

  private static final Pattern CLIENT_TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:~-]{0,127}");

  private Topics() {
  }

  /** Seed 004 v2's per-user stream. */
  public static String v2User(String username) {
    return user("v2", username);
  }

  /** Seed 004's per-user stream of one API version ({@code v2}, {@code v3}); each version has its own users. */
  public static String user(String version, String username) {
    return version + ".user." + username;
  }

  /** Seed 004 v4: the status changes of the reports owned by one user (a lowercase UUID). */
  public static String reports(String userId) {
    return "reports." + userId;
  }

  /** Whether a stream of these topics is one of the node's own warm-up streams. */
  public static boolean warmUpOnly(List<String> topics) {
    return !topics.isEmpty() && topics.stream().allMatch(topic -> topic.startsWith(WARM_UP_PREFIX));
  }

  public static boolean isValidName(String name) {
    return name != null && CLIENT_TOPIC.matcher(name).matches();
  }

  public static String nameRule() {
    return "1 to 128 characters: letters, digits and _ . : ~ -, starting with a letter or digit";
  }
}
