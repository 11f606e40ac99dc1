package io.ssehub.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The message a pipeline stage takes on {@code processor.<name>}, in any language:
 * {@code {m, ticket, route, budgetMillis}}. {@code m} is the data; {@code ticket} the listener id of the call (seed
 * 000's HTTP processors are given it as {@code listener_id}); {@code route} the addresses still to go, in order,
 * the last being the ticket's reply address {@code switchboard.ticket.<ticket>}; {@code budgetMillis} the
 * milliseconds left (see {@link Deadline}). A stage sends {@code {m: <its result>, ticket, route: <route without
 * its first address>, budgetMillis: <what is left now>}} to the first address of the route, or drops the message
 * when the budget runs out first.
 *
 * @param m the data
 * @param ticket the call's listener id
 * @param route the addresses still to go; never empty
 * @param deadline when the call's budget runs out, on this node's clock
 */
public record StageMessage(String m, String ticket, List<String> route, Deadline deadline) {

  /** The body field of the remaining route. */
  public static final String ROUTE = "route";
  private static final String PROCESSOR_PREFIX = Addresses.processor("");
  private static final String TICKET_PREFIX = Addresses.ticket("");

  /** The first message of a call: to the first stage, with the rest of {@code stages} and the ticket after them. */
  public static JsonObject first(String m, String ticket, List<String> laterStages, Deadline deadline) {
    List<String> route = new ArrayList<>(laterStages);
    route.add(Addresses.ticket(ticket));
    return new StageMessage(m, ticket, route, deadline).toJson();
  }

  /**
   * The message a body carries, or null without {@code m} and {@code ticket}, or with a route that names an address
   * other than a stage's or a ticket's. A body without a route (from a sender
   * of the older shape {@code {m, ticket}}) goes to {@code next}, or to its ticket when {@code next} is null.
   */
  public static StageMessage from(JsonObject body, String next, long defaultMillis) {
    String m = body.getString("m");
    String ticket = body.getString("ticket");
    if (m == null || ticket == null) {
      return null;
    }
    List<String> route = new ArrayList<>();
    if (body.getValue(ROUTE) instanceof JsonArray carried) {
      carried.forEach(address -> route.add(String.valueOf(address)));
    } else {
      if (next != null) {
        route.add(next);
      }
      route.add(Addresses.ticket(ticket));
    }
    return route.isEmpty() || !route.stream().allMatch(StageMessage::isHop) ? null
      : new StageMessage(m, ticket, List.copyOf(route), Deadline.carriedBy(body, defaultMillis));
  }

  /** Whether a route may name this address: a stage, or a ticket; nothing else of the hub's. */
  private static boolean isHop(String address) {
    return address.startsWith(PROCESSOR_PREFIX) || address.startsWith(TICKET_PREFIX);
  }

  /** Where the result goes: the first address of the route. */
  public String nextAddress() {
    return route.get(0);
  }

  /** The message for {@link #nextAddress()}: the result, the route after it, and the budget left now. */
  public JsonObject passing(String result) {
    return new StageMessage(result, ticket, route.subList(1, route.size()), deadline).toJson();
  }

  private JsonObject toJson() {
    return deadline.stamp(new JsonObject()
      .put("m", m)
      .put("ticket", ticket)
      .put(ROUTE, new JsonArray(new ArrayList<>(route))));
  }
}
