package io.ssehub.security;

import io.ssehub.gateway.HttpReplies;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every request: a query string that is not valid percent-encoding ({@code %zz}, a lone
 * {@code %}) gets a 400 that says so, before any route reads a parameter and fails on it.
 */
public final class WellFormed {

  private WellFormed() {
  }

  public static void query(RoutingContext ctx) {
    try {
      ctx.request().params();
      ctx.next();
    } catch (IllegalArgumentException e) {
      HttpReplies.text(ctx, 400, "The query string is not valid percent-encoding; encode each value with "
        + "encodeURIComponent (a '%' must be followed by two hex digits).");
    }
  }
}
