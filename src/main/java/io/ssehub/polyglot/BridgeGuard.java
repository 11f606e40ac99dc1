package io.ssehub.polyglot;

import io.micrometer.core.instrument.Counter;
import io.ssehub.config.BridgeConfig;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.security.TokenCheck;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;

/**
 * Judges each {@code send}, {@code publish} and {@code register} frame before the bridge acts on it, and counts
 * every refusal in {@code ssehub_bridge_refused_total{reason}}:
 * <ul>
 *   <li>{@code address}: not in the permitted list of its direction; the bridge answers {@code access_denied};</li>
 *   <li>{@code frame}: a publish whose topic is not a valid name;</li>
 *   <li>{@code token}: with auth on, no valid token in {@code headers.authorization} ({@code Bearer <jwt>});</li>
 *   <li>{@code claims}: the token does not allow that address ({@link BusAccess}).</li>
 * </ul>
 * The last three are answered with the bridge's {@code err} frame {@code blocked by bridgeEvent handler}. The
 * {@code authorization} header is taken off every frame, so a token never travels on the bus.
 */
final class BridgeGuard implements Handler<BridgeEvent> {

  static final String REFUSED = "ssehub.bridge.refused";
  private static final String AUTHORIZATION = "authorization";
  private static final String BEARER = "bearer ";
  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  enum Reason { ADDRESS, FRAME, TOKEN, CLAIMS }

  private final Permits inbound;
  private final Permits outbound;
  private final TokenCheck tokens;
  private final BusAccess access;
  private final Map<Reason, Counter> refused = new EnumMap<>(Reason.class);

  /** A guard that checks tokens with {@code tokens}, or none when it is null (auth off). */
  BridgeGuard(BridgeConfig config, TokenCheck tokens, String publishClaim, HubMetrics metrics) {
    this.inbound = Permits.of(config.inbound());
    this.outbound = Permits.of(config.outbound());
    this.tokens = tokens;
    this.access = new BusAccess(publishClaim, config.stageClaim());
    for (Reason reason : Reason.values()) {
      refused.put(reason, metrics.counter(REFUSED, "Frames the TCP event-bus bridge refused",
        "reason", reason.name().toLowerCase()));
    }
  }

  @Override
  public void handle(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type != BridgeEventType.SEND && type != BridgeEventType.PUBLISH && type != BridgeEventType.REGISTER) {
      event.complete(true);
      return;
    }
    boolean in = type != BridgeEventType.REGISTER;
    JsonObject frame = event.getRawMessage();
    String address = frame.getString("address");
    String token = takeToken(frame);
    if (address == null) {
      event.complete(true);
    } else if (!(in ? inbound : outbound).allow(address)) {
      if (!address.startsWith(Permits.REPLY_PREFIX)) {
        refused.get(Reason.ADDRESS).increment();
      }
      event.complete(true);
    } else if (BusAccess.malformed(address, body(frame)) != null) {
      refuse(event, Reason.FRAME, BusAccess.malformed(address, body(frame)));
    } else if (tokens == null) {
      event.complete(true);
    } else if (token == null) {
      refuse(event, Reason.TOKEN, "no token in headers.authorization");
    } else {
      tokens.claims(token)
        .onSuccess(claims -> {
          String refusal = access.refusal(in, address, body(frame), claims);
          if (refusal == null) {
            event.complete(true);
          } else {
            refuse(event, Reason.CLAIMS, refusal);
          }
        })
        .onFailure(failure -> refuse(event, Reason.TOKEN, failure.getMessage()));
    }
  }

  private void refuse(BridgeEvent event, Reason reason, String why) {
    refused.get(reason).increment();
    LOG.debug("Bridge refused a {} frame to {}: {}", event.type(), event.getRawMessage().getString("address"), why);
    event.complete(false);
  }

  /** The bearer token of the frame's headers, or null; the header is removed either way. */
  private static String takeToken(JsonObject frame) {
    JsonObject headers = frame.getValue("headers") instanceof JsonObject object ? object : null;
    Object value = headers == null ? null : headers.remove(AUTHORIZATION);
    if (value instanceof String header && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    return null;
  }

  private static JsonObject body(JsonObject frame) {
    return frame.getValue("body") instanceof JsonObject body ? body : null;
  }
}
