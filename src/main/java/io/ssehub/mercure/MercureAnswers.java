package io.ssehub.mercure;

import io.ssehub.gateway.HttpReplies;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mercure routes' answers at the edge: every one carries {@code Link: <publicUrl>; rel="mercure"}; a refusal is a
 * plain sentence with the status the specification asks for and, for 401 and 403, its {@code WWW-Authenticate}
 * challenge: {@code Bearer} alone when no token was given, {@code error="invalid_token"} for a token that fails
 * (whatever the reason, which goes to the debug log only), {@code error="insufficient_scope"} for a valid token
 * without the right.
 */
final class MercureAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(MercureAnswers.class);

  private final String link;

  MercureAnswers(String publicUrl) {
    this.link = "<" + publicUrl + ">; rel=\"mercure\"";
  }

  /** The discovery header, on every answer of the Mercure routes. */
  void link(RoutingContext ctx) {
    ctx.response().putHeader("Link", link);
  }

  /** {@code tokenGiven}: whether the request carried a token (a 401 then says invalid_token). */
  void refuse(RoutingContext ctx, MercureRefusal refusal, boolean tokenGiven) {
    if (refusal.detail() != null) {
      LOG.debug("Mercure request refused ({}): {}", refusal.status(), refusal.detail());
    }
    if (refusal.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", tokenGiven ? "Bearer error=\"invalid_token\"" : "Bearer");
    } else if (refusal.status() == 403) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
    }
    HttpReplies.text(ctx, refusal.status(), refusal.getMessage());
  }
}
