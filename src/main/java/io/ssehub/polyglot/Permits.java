package io.ssehub.polyglot;

import io.ssehub.config.BridgeConfig.Permit;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The permitted addresses of one direction, as the bridge applies them (an exact address, or a regular expression
 * that matches the whole address), so that the guard can count what the bridge will refuse.
 */
final class Permits {

  /**
   * The prefix of Vert.x's reply addresses. The bridge lets a connection send to the reply address of a message it
   * received whatever the permitted list says, so such sends are not counted as refused here.
   */
  static final String REPLY_PREFIX = "__vertx.reply.";

  private final List<Predicate<String>> matchers;

  private Permits(List<Predicate<String>> matchers) {
    this.matchers = matchers;
  }

  static Permits of(List<Permit> permits) {
    return new Permits(permits.stream()
      .map(permit -> permit.address() != null
        ? (Predicate<String>) permit.address()::equals
        : Pattern.compile(permit.addressRegex()).asMatchPredicate())
      .toList());
  }

  boolean allow(String address) {
    return address != null && matchers.stream().anyMatch(matcher -> matcher.test(address));
  }

  /** Vert.x's bridge options with these lists. */
  static BridgeOptions options(List<Permit> inbound, List<Permit> outbound) {
    BridgeOptions options = new BridgeOptions();
    inbound.forEach(permit -> options.addInboundPermitted(permitted(permit)));
    outbound.forEach(permit -> options.addOutboundPermitted(permitted(permit)));
    return options;
  }

  private static PermittedOptions permitted(Permit permit) {
    return permit.address() != null
      ? new PermittedOptions().setAddress(permit.address())
      : new PermittedOptions().setAddressRegex(permit.addressRegex());
  }
}
