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

/**
 * Finds a request's token (the {@code Authorization: Bearer} header, the auth cookie, and
 * {@code ?access_token=} only when {@code auth.queryToken} allows it) and verifies it with vertx-auth-jwt:
 * signature, expiry ({@code exp}, {@code nbf}), issuer and audience when configured.
 */
public final class TokenCheck {

  /** The query parameter of RFC 6750, read only when the config allows it. */
  public static final String QUERY_PARAMETER = "access_token";
  private static final String BEARER = "bearer ";

  private final AuthConfig config;
  private final JWTAuth jwt;

  public TokenCheck(Vertx vertx, AuthConfig config) {
    this.config = config;
    JWTOptions options = new JWTOptions().setLeeway(config.leewaySeconds());
    if (config.issuer() != null) {
      options.setIssuer(config.issuer());
    }
    if (config.audience() != null) {
      options.addAudience(config.audience());
    }
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

  /** The token's claims once it checks out; a failure whose message says why it does not. */
  public Future<JsonObject> claims(String token) {
    return jwt.authenticate(new TokenCredentials(token))
      .map(user -> user.attributes().getJsonObject("accessToken"));
  }

  /** Where a client may put its token, for the sentence of a 401. */
  public String whereToSendIt() {
    return "send it as 'Authorization: Bearer <token>' or in the cookie '" + config.cookie() + "'"
      + (config.queryToken() ? " or as ?" + QUERY_PARAMETER + "=" : "");
  }
}
