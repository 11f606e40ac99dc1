package io.ssehub.security;

import io.ssehub.config.AuthConfig;
import io.ssehub.gateway.Bodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place that judges what a token says, as the sentence of a 401 (null when there is nothing to say).
 * {@link #malformed} runs before vertx-auth-jwt checks the signature, so that the library only ever sees a
 * token it can read: three base64url parts, a header and a payload that are JSON objects, the configured
 * {@code alg}, no {@code crit}, and every claim read here or by the library of the right type.
 * {@link #invalidNow} runs on a token whose signature checked out: issuer, audience, {@code exp} (with
 * {@code auth.leewaySeconds}, and required when {@code auth.requireExp} says so), {@code nbf} and {@code iat}.
 * {@link #endMillis} is when an accepted token stops being accepted, which ends the streams it opened.
 */
final class TokenClaims {

  static final String EXPIRED = "Your token has expired; get a new one and connect again.";
  static final String NO_EXPIRY = "Your token has no expiry (no 'exp' claim) and this hub requires one, so that "
    + "what it opens ends with it; get a token that expires and connect again.";
  private static final String AGAIN = "; get a new one and connect again.";
  private static final String[] PARTS = {"header", "payload", "signature"};
  private static final List<String> TIMES = List.of("exp", "nbf", "iat");
  private static final List<String> HEADER_STRINGS = List.of("typ", "cty", "kid");
  /** 9999-12-31T23:59:59Z: later times are not dates but attempts to overflow someone's arithmetic. */
  private static final long LAST_SECOND = 253_402_300_799L;
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*={0,2}");

  private final AuthConfig config;

  TokenClaims(AuthConfig config) {
    this.config = config;
  }

  /** What is wrong with the token's form, header or claim types, or null when the signature may be checked. */
  String malformed(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return "Your token is not a JSON Web Token: it must be three base64url parts separated by dots "
        + "(header.payload.signature)" + AGAIN;
    }
    if (parts[2].isEmpty()) {
      return "Your token has no signature" + AGAIN;
    }
    for (int i = 0; i < parts.length; i++) {
      if (!BASE64URL.matcher(parts[i]).matches() || decode(parts[i]) == null) {
        return "Your token's " + PARTS[i] + " is not base64url" + AGAIN;
      }
    }
    JsonObject header = object(decode(parts[0]));
    JsonObject payload = object(decode(parts[1]));
    if (header == null || payload == null) {
      return "Your token's " + (header == null ? "header" : "payload") + " is not a JSON object" + AGAIN;
    }
    String problem = headerProblem(header);
    return problem != null ? problem : claimProblem(payload);
  }

  /** What makes a well-signed token unacceptable now ({@code nowSeconds}), or null when it may be used. */
  String invalidNow(JsonObject claims, long nowSeconds) {
    int leeway = config.leewaySeconds();
    if (config.issuer() != null && !config.issuer().equals(claims.getValue("iss"))) {
      return "Your token was not accepted (it was not issued by '" + config.issuer() + "')" + AGAIN;
    }
    if (config.audience() != null && !audiences(claims.getValue("aud")).contains(config.audience())) {
      return "Your token was not accepted (its audience does not include '" + config.audience() + "')" + AGAIN;
    }
    if (config.requireExp() && !claims.containsKey("exp")) {
      return NO_EXPIRY;
    }
    if (claims.containsKey("exp") && nowSeconds - leeway >= seconds(claims, "exp")) {
      return EXPIRED;
    }
    if (claims.containsKey("nbf") && seconds(claims, "nbf") > nowSeconds + leeway) {
      return "Your token is not valid yet: it starts at " + instant(claims, "nbf")
        + "; connect again then, or get a token that is valid now.";
    }
    if (claims.containsKey("iat") && seconds(claims, "iat") > nowSeconds + leeway) {
      return "Your token says it was issued at " + instant(claims, "iat") + ", which is in the future; the clock of "
        + "the service that issued it is wrong: get a new one.";
    }
    return null;
  }

  /**
   * The epoch millisecond from which {@link #invalidNow} refuses these claims as expired ({@code exp} plus the
   * leeway, up to the whole second, as {@link #invalidNow} counts), or null when they have no {@code exp}.
   */
  Long endMillis(JsonObject claims) {
    if (!claims.containsKey("exp")) {
      return null;
    }
    return (long) Math.ceil(seconds(claims, "exp") + config.leewaySeconds()) * 1000;
  }

  private String headerProblem(JsonObject header) {
    if (!(header.getValue("alg") instanceof String alg) || alg.isEmpty()) {
      return "Your token's header names no algorithm ('alg'); this hub accepts tokens signed with "
        + config.algorithm() + AGAIN;
    }
    if (!alg.equals(config.algorithm())) {
      return "Your token is signed with '" + Bodies.printable(alg) + "' but this hub accepts only "
        + config.algorithm() + AGAIN;
    }
    if (header.containsKey("crit")) {
      return "Your token's header lists critical extensions ('crit') that this hub does not know; get a token "
        + "without them.";
    }
    for (String field : HEADER_STRINGS) {
      if (header.containsKey(field) && !(header.getValue(field) instanceof String)) {
        return "Your token's header field '" + field + "' must be a string" + AGAIN;
      }
    }
    return null;
  }

  private String claimProblem(JsonObject claims) {
    for (String time : TIMES) {
      String problem = timeProblem(claims, time);
      if (problem != null) {
        return problem;
      }
    }
    Object sub = claims.getValue("sub");
    if (claims.containsKey("sub") && !(sub instanceof String)) {
      return "Your token's 'sub' claim (the user) must be a string, found " + kind(sub) + AGAIN;
    }
    if ("".equals(sub)) {
      return "Your token's 'sub' claim (the user) is empty" + AGAIN;
    }
    if (claims.containsKey("iss") && !(claims.getValue("iss") instanceof String)) {
      return "Your token's 'iss' claim must be a string, found " + kind(claims.getValue("iss")) + AGAIN;
    }
    if (claims.containsKey("aud") && !isTextOrTexts(claims.getValue("aud"))) {
      return "Your token's 'aud' claim must be a string or a list of strings, found " + kind(claims.getValue("aud"))
        + AGAIN;
    }
    String publish = config.publishClaim();
    if (claims.containsKey(publish) && !isTextOrTexts(claims.getValue(publish))) {
      return "Your token's '" + publish + "' claim must be a topic or a list of topics, found "
        + kind(claims.getValue(publish)) + AGAIN;
    }
    return null;
  }

  private static String timeProblem(JsonObject claims, String name) {
    if (!claims.containsKey(name)) {
      return null;
    }
    Object value = claims.getValue(name);
    String claim = "Your token's '" + name + "' claim must be a time in seconds since 1970 ";
    if (!(value instanceof Number number)) {
      return claim + "(a number), found " + kind(value) + AGAIN;
    }
    double seconds = number.doubleValue();
    if (!(seconds >= 0 && seconds <= LAST_SECOND)) {
      return claim + "from 0 to " + LAST_SECOND + " (the end of the year 9999), found "
        + Bodies.printable(String.valueOf(value)) + AGAIN;
    }
    return null;
  }

  private static boolean isTextOrTexts(Object value) {
    return value instanceof String
      || value instanceof JsonArray list && list.stream().allMatch(item -> item instanceof String);
  }

  private static List<?> audiences(Object aud) {
    return aud instanceof JsonArray list ? list.getList() : aud == null ? List.of() : List.of(aud);
  }

  private static String kind(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof JsonArray list) {
      return list.stream().filter(item -> !(item instanceof String)).findFirst()
        .map(item -> "a list holding " + kind(item))
        .orElse("a list");
    }
    return value instanceof String ? "a string"
      : value instanceof Number ? "a number"
      : value instanceof Boolean ? "true or false"
      : "an object";
  }

  private static double seconds(JsonObject claims, String name) {
    return ((Number) claims.getValue(name)).doubleValue();
  }

  private static Instant instant(JsonObject claims, String name) {
    return Instant.ofEpochMilli(Math.round(seconds(claims, name) * 1000));
  }

  private static byte[] decode(String part) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonObject object(byte[] json) {
    try {
      return new JsonObject(Buffer.buffer(json));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
