package io.ssehub.polyglot;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Topics;
import io.ssehub.security.Access;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a token must allow for one bridge frame, by its address: publishing through {@code hub.publish} or to
 * {@code hub.topic.<t>} needs the topic in the token's publish claim; registering on {@code hub.topic.<t>} is
 * subscribing (a private topic needs its owner's token); registering on {@code processor.<stage>} (serving it)
 * needs the stage in the token's stage claim; sending to a stage or a ticket ({@code switchboard.ticket.<id>}),
 * which is passing a message down the pipeline, needs a stage claim that names at least one stage. Any other
 * permitted address needs a valid token only.
 */
final class BusAccess {

  private static final String TOPIC_PREFIX = Addresses.topic("");
  private static final String PROCESSOR_PREFIX = Addresses.processor("");
  private static final String TICKET_PREFIX = Addresses.ticket("");

  private final String publishClaim;
  private final String stageClaim;

  BusAccess(String publishClaim, String stageClaim) {
    this.publishClaim = publishClaim;
    this.stageClaim = stageClaim;
  }

  /**
   * What is wrong with the frame whatever the token: a publish to an invalid topic name, or a frame on the address of
   * a topic whose name the topic API does not accept (the hub's internal topics, such as the Mercure updates', which
   * only streams that check each update may follow); else null.
   */
  static String malformed(String address, JsonObject body) {
    if (Addresses.PUBLISH.equals(address)) {
      String topic = body == null ? null : body.getString("topic");
      return Topics.isValidName(topic) ? null : "a publish needs a topic of " + Topics.nameRule();
    }
    if (address.startsWith(TOPIC_PREFIX) && !Topics.isValidName(address.substring(TOPIC_PREFIX.length()))) {
      return "a topic address needs a topic of " + Topics.nameRule();
    }
    return null;
  }

  /** Null when {@code claims} allow an inbound ({@code inbound}) or outbound frame on this address, else why not. */
  String refusal(boolean inbound, String address, JsonObject body, JsonObject claims) {
    if (Addresses.PUBLISH.equals(address)) {
      return Access.publish(body.getString("topic")).refusal(claims, publishClaim);
    }
    if (address.startsWith(TOPIC_PREFIX)) {
      String topic = address.substring(TOPIC_PREFIX.length());
      return (inbound ? Access.publish(topic) : Access.subscribe(List.of(topic))).refusal(claims, publishClaim);
    }
    if (address.startsWith(PROCESSOR_PREFIX) && !inbound) {
      String stage = address.substring(PROCESSOR_PREFIX.length());
      return stages(claims).stream().anyMatch(pattern -> matches(pattern, stage)) ? null
        : "the token's '" + stageClaim + "' claim does not list the stage '" + stage + "'";
    }
    if (address.startsWith(PROCESSOR_PREFIX) || address.startsWith(TICKET_PREFIX)) {
      return stages(claims).isEmpty() ? "only a processor (a token with a '" + stageClaim + "' claim) passes "
        + "messages down the pipeline" : null;
    }
    return null;
  }

  private List<String> stages(JsonObject claims) {
    Object claim = claims.getValue(stageClaim);
    List<?> values = claim instanceof JsonArray array ? array.getList()
      : claim instanceof String single ? List.of(single) : List.of();
    return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }

  private static boolean matches(String pattern, String name) {
    return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
  }
}
