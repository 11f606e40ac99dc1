package io.ssehub.security;

import io.micrometer.core.instrument.Counter;
import io.ssehub.config.AuthConfig;
import io.ssehub.gateway.Bodies;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.PublishRoutes;
import io.ssehub.gateway.WebrootRoutes;
import io.ssehub.metrics.HubMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Who may use which route: the core's rows ({@link #CORE}: the topic API, figures, liveness and readiness) and the
 * rows each deployed module brings with its routes. With {@code auth} on, each row that is not open gets a guard,
 * mounted before the route itself on the same method and path, so that it reads path parameters exactly as the
 * route will.
 *
 * <p>The management routes need a token whose {@code auth.manageClaim} claim (default {@code manage}) is
 * {@code true}; {@code /health} stays open.
 *
 * <p>No token, or a bad or expired one: 401 with {@code WWW-Authenticate: Bearer}; a token that does not
 * grant the access: 403. Both are plain text, never {@code text/event-stream}, so a browser's EventSource
 * fails for good instead of reconnecting. Meter: {@code ssehub.auth.refused} by status.
 *
 * <p>A guard that lets a request on leaves its token's end in the context ({@link #tokenEnd}): an SSE stream
 * the request opens ends then; and its subject ({@link #subject}), which the publish rate limit counts by.
 */
public final class AuthRoutes {

  private static final String TOKEN_END = "ssehub.auth.tokenEnd";
  private static final String SUBJECT = "ssehub.auth.subject";

  /** The rows of the core's routes. */
  public static final List<AccessRule> CORE = List.of(
    AccessRule.of(HttpMethod.GET, "/topics/:topic", ctx -> Access.subscribe(List.of(ctx.pathParam("topic")))),
    AccessRule.of(HttpMethod.GET, "/subscribe", ctx -> Access.subscribe(ctx.queryParam("topic"))),
    AccessRule.of(HttpMethod.POST, "/topics/:topic", ctx -> Access.publish(ctx.pathParam("topic"))),
    AccessRule.of(HttpMethod.GET, "/topics/:topic/events", ctx -> Access.subscribe(List.of(ctx.pathParam("topic")))),
    AccessRule.of(HttpMethod.GET, "/topics/:topic/info", ctx -> Access.subscribe(List.of(ctx.pathParam("topic")))),
    AccessRule.of(HttpMethod.POST, "/publish", ctx -> Access.publish(PublishRoutes.topicsNamed(ctx.body().buffer()))),
    AccessRule.management("/metrics"),
    AccessRule.open(HttpMethod.GET, "/health"),
    AccessRule.management("/ready"),
    AccessRule.management("/ready/*"),
    AccessRule.open(HttpMethod.GET, WebrootRoutes.CLIENT_MODULE),
    AccessRule.open(HttpMethod.GET, WebrootRoutes.FAVICON));

  private final AuthConfig config;
  private final List<AccessRule> rules;
  private final TokenCheck tokens;
  private final Counter unauthorized;
  private final Counter forbidden;

  /** Guards for {@code rules}: the core's and those of the modules the gateway mounts. */
  public AuthRoutes(Vertx vertx, AuthConfig config, HubMetrics metrics, List<AccessRule> rules) {
    this.config = config;
    this.rules = List.copyOf(rules);
    this.tokens = config.enabled() ? new TokenCheck(vertx, config) : null;
    String description = "Requests refused by authentication (401) or authorisation (403)";
    this.unauthorized = metrics.counter("ssehub.auth.refused", description, "status", "401");
    this.forbidden = metrics.counter("ssehub.auth.refused", description, "status", "403");
  }

  /** Mounts the guards (none when auth is off); call before the routes themselves are mounted. */
  public void mount(Router router) {
    if (!config.enabled()) {
      return;
    }
    for (AccessRule rule : rules) {
      if (rule.management()) {
        router.route(rule.method(), rule.path()).handler(this::guardManagement);
      } else if (!rule.isOpen()) {
        router.route(rule.method(), rule.path()).handler(ctx -> guard(ctx, rule.access().apply(ctx)));
      }
    }
  }

  /** The routes of the router that have no row among this gateway's rules ({@link #uncovered(Router, List)}). */
  public List<String> unguarded(Router router) {
    return uncovered(router, rules);
  }

  /** The routes of the router that have no row among the core's rules ({@link #CORE}). */
  public static List<String> uncovered(Router router) {
    return uncovered(router, CORE);
  }

  /**
   * The routes of the router that have no row in {@code rules}, as {@code "METHOD /path"}: the gateway refuses to
   * start with any, so that a new route cannot slip past the guard unnoticed.
   */
  public static List<String> uncovered(Router router, List<AccessRule> rules) {
    List<String> missing = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        if (!covers(rules, method, route.getPath()) && !covers(rules, method, route.getPath() + "*")) {
          missing.add(method + " " + route.getPath());
        }
      }
    }
    return missing;
  }

  private static boolean covers(List<AccessRule> rules, HttpMethod method, String path) {
    return rules.stream().anyMatch(rule -> rule.method().equals(method) && rule.path().equals(path));
  }

  /**
   * When the token that let this request on stops being accepted ({@code exp} plus the leeway), or null when the
   * route needed no token or the token never expires.
   */
  public static Instant tokenEnd(RoutingContext ctx) {
    Long millis = ctx.get(TOKEN_END);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  /**
   * Records when the token that a route checked itself (a Mercure token) stops being accepted, in epoch
   * milliseconds: an SSE stream the request opens ends then, as after a guard ({@link #tokenEnd}).
   */
  public static void tokenEnds(RoutingContext ctx, long endMillis) {
    ctx.put(TOKEN_END, endMillis);
  }

  /** The {@code sub} of the token that let this request on, or null when none did or it has no subject. */
  public static String subject(RoutingContext ctx) {
    return ctx.get(SUBJECT);
  }

  private void guard(RoutingContext ctx, Access access) {
    if (access.isOpen()) {
      ctx.next();
      return;
    }
    check(ctx, claims -> access.refusal(claims, config.publishClaim()));
  }

  private void guardManagement(RoutingContext ctx) {
    check(ctx, this::managementRefusal);
  }

  /** Null when the token is an operator's, else the sentence of the 403. */
  private String managementRefusal(JsonObject claims) {
    Object claim = claims.getValue(config.manageClaim());
    return Boolean.TRUE.equals(claim) ? null
      : "This is a management route: it needs a token whose '" + config.manageClaim() + "' claim is true "
        + "(an operator's token); yours " + (claim == null ? "has none" : "says " + Bodies.printable(String.valueOf(claim)))
        + ".";
  }

  /** Lets the request on when its token checks out and {@code refusal} finds nothing against its claims. */
  private void check(RoutingContext ctx, Function<JsonObject, String> refusal) {
    String token = tokens.tokenOf(ctx.request());
    if (token == null || token.isEmpty()) {
      unauthorized(ctx, "This needs a token; " + tokens.whereToSendIt() + ".");
      return;
    }
    tokens.claims(token).onComplete(checked -> {
      if (checked.failed()) {
        unauthorized(ctx, checked.cause().getMessage());
        return;
      }
      String sentence = refusal.apply(checked.result());
      if (sentence == null) {
        Long end = tokens.endMillis(checked.result());
        if (end != null) {
          ctx.put(TOKEN_END, end);
        }
        if (checked.result().getValue("sub") instanceof String subject) {
          ctx.put(SUBJECT, subject);
        }
        ctx.next();
      } else {
        forbidden.increment();
        HttpReplies.text(ctx, 403, sentence);
      }
    });
  }

  private void unauthorized(RoutingContext ctx, String sentence) {
    unauthorized.increment();
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sse-hub\"");
    HttpReplies.text(ctx, 401, sentence);
  }

}
