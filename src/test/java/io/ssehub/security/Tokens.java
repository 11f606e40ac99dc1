package io.ssehub.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

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
}
