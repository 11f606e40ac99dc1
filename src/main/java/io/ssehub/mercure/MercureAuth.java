package io.ssehub.mercure;

import io.ssehub.config.MercureConfig;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * The token of a Mercure request, verified: from the {@code Authorization: Bearer} header, else from the cookie
 * {@code mercure.cookieName} (never the query string), checked by {@link MercureTokens} at the current second.
 */
final class MercureAuth {

  static final String NO_TOKEN = "This needs a Mercure access token: send it as 'Authorization: Bearer <token>' or "
    + "in the cookie ";

  private final MercureConfig config;
  private final MercureTokens tokens;

  MercureAuth(MercureConfig config) {
    this.config = config;
    this.tokens = new MercureTokens(config);
  }

  /** The request's token, or null for none. */
  String tokenOf(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(config.cookieName());
    return MercureTokens.tokenOf(ctx.request().getHeader("Authorization"), cookie == null ? null : cookie.getValue());
  }

  /** Whether the token came from the cookie (no Authorization header): a publish must then pass the origin check. */
  boolean fromCookie(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    return authorization == null || authorization.isEmpty();
  }

  /** The grant of a token, or a 401 {@link MercureRefusal}. */
  MercureGrant verify(String token) {
    return tokens.verify(token, System.currentTimeMillis() / 1000);
  }

  /** The 401 for a request without a token. */
  MercureRefusal missing() {
    return new MercureRefusal(401, NO_TOKEN + config.cookieName() + ".");
  }
}
