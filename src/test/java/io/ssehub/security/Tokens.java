package io.ssehub.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** Signs test tokens with the secret of {@link #authSection()}, as a login service would. */
public final class Tokens {

  public static final String SECRET = "a-test-secret-of-at-least-32-characters!";

  private final JWTAuth jwt;

  public Tokens(Vertx vertx) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
  }

  /** The {@code auth} section that checks these tokens. */
  public static JsonObject authSection() {
    return new JsonObject().put("secret", SECRET);
  }

  /** A token for {@code user}, valid for a minute, that may publish to {@code topics} (names or patterns). */
  public String user(String user, String... topics) {
    JsonObject claims = new JsonObject().put("publish", new JsonArray(java.util.List.of(topics)));
    if (user != null) {
      claims.put("sub", user);
    }
    return jwt.generateToken(claims, new JWTOptions().setExpiresInSeconds(60));
  }

  /** A token that may publish to {@code topics}, with no user. */
  public String publisher(String... topics) {
    return user(null, topics);
  }

  /** An operator's token for {@code user}, valid for a minute: {@code "manage": true}, the management routes' claim. */
  public String manager(String user) {
    return jwt.generateToken(new JsonObject().put("sub", user).put("manage", true),
      new JWTOptions().setExpiresInSeconds(60));
  }

  /** A well-signed token that expired a minute ago. */
  public String expired(String user) {
    long now = System.currentTimeMillis() / 1000;
    return jwt.generateToken(new JsonObject().put("sub", user).put("exp", now - 60).put("iat", now - 120),
      new JWTOptions().setNoTimestamp(true));
  }

  /** A token signed with another secret. */
  public static String forged(Vertx vertx, String user) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another-secret-that-is-32-characters-long")))
      .generateToken(new JsonObject().put("sub", user).put("publish", new JsonArray().add("*")));
  }

  /** A well-signed token for {@code user} with no {@code exp}: it never ends. */
  public String noExpiry(String user) {
    return jwt.generateToken(new JsonObject().put("sub", user), new JWTOptions());
  }

  /** A well-signed token for {@code user} that ends at {@code expSeconds} (seconds since the epoch). */
  public String endingAt(String user, long expSeconds) {
    return jwt.generateToken(new JsonObject().put("sub", user).put("exp", expSeconds), new JWTOptions());
  }

  /**
   * A token made by hand, as a hostile client would: the header and payload texts exactly as given (any JSON,
   * or none), base64url-encoded and signed with the right secret, so that only what they say is wrong.
   */
  public static String handMade(String header, String payload) {
    String signingInput = base64url(header) + "." + base64url(payload);
    return signingInput + "." + signature(signingInput);
  }

  /** The HS256 signature of {@code signingInput} with {@link #SECRET}, base64url-encoded. */
  public static String signature(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String base64url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
