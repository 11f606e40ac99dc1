package io.ssehub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The TCP event-bus bridge (the {@code bridge} role), on when the {@code bridge} section is present: processes in
 * any language connect to it and take part in the event bus with Vert.x's bridge frames.
 *
 * @param host the interface the bridge listens on
 * @param port its TCP port
 * @param idleTimeoutSeconds a connection that sends nothing (not even a {@code ping}) for this long is closed, and
 *   its registrations with it; 0 for never
 * @param inbound the addresses a connected process may send and publish to
 * @param outbound the addresses a connected process may register on
 * @param stageClaim with auth on, the token claim that lists the pipeline stages (names or {@code prefix*}
 *   patterns) a process may serve
 */
public record BridgeConfig(
  String host,
  int port,
  int idleTimeoutSeconds,
  List<Permit> inbound,
  List<Permit> outbound,
  String stageClaim) {

  /**
   * One permitted address, as Vert.x's bridge options have it: an exact {@code address}, or an {@code addressRegex}
   * that must match the whole address. Exactly one of the two is set.
   */
  public record Permit(String address, String addressRegex) {

    public static Permit exactly(String address) {
      return new Permit(address, null);
    }

    public static Permit matching(String regex) {
      return new Permit(null, regex);
    }
  }

  /** Sends: pipeline stages and the tickets they answer, and publishing through the history. */
  public static final List<Permit> DEFAULT_INBOUND = List.of(
    Permit.matching("processor\\.[a-z0-9][a-z0-9_-]*"),
    Permit.matching("switchboard\\.ticket\\.[0-9a-f-]+"),
    Permit.exactly("hub.publish"));
  /** Registrations: serving pipeline stages, and subscribing to topics. */
  public static final List<Permit> DEFAULT_OUTBOUND = List.of(
    Permit.matching("processor\\.[a-z0-9][a-z0-9_-]*"),
    Permit.matching("hub\\.topic\\..+"));

  static BridgeConfig from(ConfigReader reader) {
    return new BridgeConfig(
      reader.string("host", "127.0.0.1"),
      reader.integer("port", 7000, 0, 65_535),
      reader.integer("idleTimeoutSeconds", 30, 0, 86_400),
      permits(reader, "inbound", DEFAULT_INBOUND),
      permits(reader, "outbound", DEFAULT_OUTBOUND),
      reader.string("stageClaim", "stages"));
  }

  private static List<Permit> permits(ConfigReader reader, String key, List<Permit> fallback) {
    if (!reader.has(key)) {
      return fallback;
    }
    List<Permit> permits = new ArrayList<>();
    for (ConfigReader entry : reader.sections(key)) {
      String address = entry.string("address", null);
      String regex = entry.string("addressRegex", null);
      if ((address == null) == (regex == null)) {
        throw entry.invalid("address", "or 'addressRegex' must be given, not both, such as {\"address\": "
          + "\"hub.publish\"} or {\"addressRegex\": \"processor\\\\..+\"}");
      }
      if (regex != null) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw entry.invalid("addressRegex", "is not a valid regular expression: " + e.getDescription());
        }
      }
      permits.add(new Permit(address, regex));
    }
    return List.copyOf(permits);
  }
}
