package io.ssehub.security;

import io.ssehub.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a request's token (the {@code Authorization: Bearer} header, the auth cookie, and
 * {@code ?access_token=} only when {@code auth.queryToken} allows it) and checks it: its form and claims in
 * {@link TokenClaims}, its signature with vertx-auth-jwt. A refused token fails with the sentence of the 401.
 */
public final class TokenCheck {

  /** The query parameter of RFC 6750, read only when the config allows it. */
  public static final String QUERY_PARAMETER = "access_token";
  private static final String BEARER = "bearer ";
  private static final String NOT_VERIFIED = "Your token was not accepted (its signature does not check out with "
    + "this hub's key); get a new one and connect again.";
  private static final Logger LOG = LoggerFactory.getLogger(TokenCheck.class);

  /** A token refused, with the sentence of the 401 as its message (no stack trace: it is not an error here). */
  static final class Refused extends RuntimeException {

    Refused(String sentence) {
      super(sentence, null, false, false);
    }
  }

  private final AuthConfig config;
  private final TokenClaims rules;
  private final JWTAuth jwt;

  public TokenCheck(Vertx vertx, AuthConfig config) {
    this.config = config;
    this.rules = new TokenClaims(config);
    JWTOptions options = new JWTOptions().setLeeway(config.leewaySeconds()).setIgnoreExpiration(true);
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(config.algorithm()).setBuffer(config.key()))
      .setJWTOptions(options));
  }

  /** The token the request carries, or null. */
  public String tokenOf(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    Cookie cookie = request.getCookie(config.cookie());
    if (cookie != null && !cookie.getValue().isEmpty()) {
      return cookie.getValue();
    }
    return config.queryToken() ? request.getParam(QUERY_PARAMETER) : null;
  }

  /**
   * The token's claims once it checks out; else a failure whose message is the sentence of the 401, never the
   * message of an exception from inside.
   */
  public Future<JsonObject> claims(String token) {
    String malformed = rules.malformed(token);
    if (malformed != null) {
      return Future.failedFuture(new Refused(malformed));
    }
    return verified(token).compose(claims -> {
      String invalid = rules.invalidNow(claims, System.currentTimeMillis() / 1000);
      return invalid == null ? Future.succeededFuture(claims) : Future.failedFuture(new Refused(invalid));
    });
  }

  /**
   * The epoch millisecond from which a token with these claims is refused as expired ({@code exp} plus
   * {@code auth.leewaySeconds}), or null when it never expires.
   */
  public Long endMillis(JsonObject claims) {
    return rules.endMillis(claims);
  }

  /** The claims of a token whose signature vertx-auth-jwt verified; expiry and the rest are {@link TokenClaims}'. */
  private Future<JsonObject> verified(String token) {
    Future<JsonObject> claims;
    try {
      claims = jwt.authenticate(new TokenCredentials(token))
        .map(user -> user.attributes().getJsonObject("accessToken"));
    } catch (RuntimeException e) {
      claims = Future.failedFuture(e);
    }
    return claims.recover(failure -> {
      LOG.debug("A token was refused by vertx-auth-jwt: {}", failure.toString());
      return Future.failedFuture(new Refused(NOT_VERIFIED));
    });
  }

  /** Where a client may put its token, for the sentence of a 401. */
  public String whereToSendIt() {
    return "send it as 'Authorization: Bearer <token>' or in the cookie '" + config.cookie() + "'"
      + (config.queryToken() ? " or as ?" + QUERY_PARAMETER + "=" : "");
  }
}
