package io.ssehub.gateway;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers at the edge: a plain sentence or a JSON body, and event-bus failures turned into the
 * status a client can act on.
 */
public final class HttpReplies {

  private static final Logger LOG = LoggerFactory.getLogger(HttpReplies.class);

  private HttpReplies() {
  }

  public static void text(RoutingContext ctx, int status, String sentence) {
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "text/plain; charset=utf-8")
      .end(sentence + "\n");
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "application/json")
      .end(body.encode());
  }

  /** The single query parameter {@code name}, or a 400 that says how to send it (and null). */
  public static String requiredQuery(RoutingContext ctx, String name, String example) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isEmpty()) {
      text(ctx, 400, "Missing query parameter '" + name + "': send it as " + example + ".");
      return null;
    }
    return value;
  }

  /** A failed event-bus request: the verticle's own 4xx passes through; the rest become 503 or 504. */
  public static void busFailure(RoutingContext ctx, String what, Throwable failure) {
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case NO_HANDLERS -> text(ctx, 503, "The " + what + " is not running on this node or its cluster; "
          + "deploy its role and try again.");
        case TIMEOUT -> text(ctx, 504, "The " + what + " did not answer in time; try again.");
        default -> {
          int code = reply.failureCode();
          if (code >= 400 && code < 500 || code == 503) {
            text(ctx, code, reply.getMessage());
          } else {
            LOG.error("The {} failed: {}", what, reply.getMessage());
            text(ctx, 500, "The " + what + " failed; the error has been logged.");
          }
        }
      }
    } else {
      LOG.error("The {} failed", what, failure);
      text(ctx, 500, "The " + what + " failed; the error has been logged.");
    }
  }
}
