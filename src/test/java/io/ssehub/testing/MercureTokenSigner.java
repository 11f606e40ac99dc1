package io.ssehub.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * Signs Mercure access tokens as an issuer would for a hub under test: HS256 with a test key, header {@code typ}
 * {@code at+jwt}, {@code aud} the hub's URL, {@code exp} an hour ahead, and the rights as
 * {@code authorization_details} of type {@code https://mercure.rocks/authorization-detail}. {@link #mercureSection}
 * is the matching {@code mercure} config section.
 */
public final class MercureTokenSigner {

  public static final String KEY = "a test key of sse-hub's Mercure tests, long enough for HS256";
  public static final String ISSUER = "https://issuer.test";

  private final String audience;

  /** Tokens for the hub whose {@code mercure.publicUrl} (and so default audience) is {@code hubUrl}. */
  public MercureTokenSigner(String hubUrl) {
    this.audience = hubUrl;
  }

  /** The {@code mercure} section of a hub that trusts these tokens, with anonymous subscribers allowed or not. */
  public static JsonObject mercureSection(String hubUrl, boolean anonymous) {
    return new JsonObject()
      .put("enabled", true)
      .put("publicUrl", hubUrl)
      .put("jwtKey", KEY)
      .put("issuer", ISSUER)
      .put("anonymous", anonymous);
  }

  /** A token that may publish to every topic. */
  public String publisher() {
    return token(detail("publish", exact("*")));
  }

  /** A token that may subscribe to the topics these matcher objects ({@link #exact}, {@link #urlPattern}) match. */
  public String subscriber(JsonObject... matchers) {
    return token(detail("subscribe", matchers));
  }

  public static JsonObject exact(String topic) {
    return new JsonObject().put("match", topic);
  }

  public static JsonObject urlPattern(String pattern) {
    return new JsonObject().put("match", pattern).put("match_type", "urlpattern");
  }

  /** One {@code authorization_details} entry granting {@code action} over these matchers. */
  public static JsonObject detail(String action, JsonObject... matchers) {
    return new JsonObject()
      .put("type", "https://mercure.rocks/authorization-detail")
      .put("actions", new JsonArray().add(action))
      .put("topics", new JsonArray(List.of((Object[]) matchers)));
  }

  /** A signed token with these {@code authorization_details} entries. */
  public String token(JsonObject... details) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject()
      .put("iss", ISSUER)
      .put("sub", "urn:test:subject")
      .put("client_id", "urn:test:client")
      .put("aud", audience)
      .put("iat", now)
      .put("exp", now + 3600)
      .put("authorization_details", new JsonArray(List.of((Object[]) details)));
    String signed = encode(new JsonObject().put("alg", "HS256").put("typ", "at+jwt")) + "." + encode(claims);
    return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signed));
  }

  private static byte[] hmac(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
