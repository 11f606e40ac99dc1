package io.ssehub.security;

import io.micrometer.core.instrument.Counter;
import io.ssehub.bus.Topics;
import io.ssehub.config.AuthConfig;
import io.ssehub.gateway.Bodies;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.report.Uuids;
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
 * The one place that says who may use which route: a table with a row for every route of the gateway.
 * With {@code auth} on, each row that is not open gets a guard, mounted before the route itself on the same
 * method and path, so that it reads path parameters exactly as the route will.
 *
 * <p>The management routes (figures, readiness with its details, the switchboard's stats) need a token whose
 * {@code auth.manageClaim} claim (default {@code manage}) is {@code true}; {@code /health} stays open.
 *
 * <p>No token, or a bad or expired one: 401 with {@code WWW-Authenticate: Bearer}; a token that does not
 * grant the access: 403. Both are plain text, never {@code text/event-stream}, so a browser's EventSource
 * fails for good instead of reconnecting. Meter: {@code ssehub.auth.refused} by status.
 *
 * <p>A guard that lets a request on leaves its token's end in the context ({@link #tokenEnd}): an SSE stream
 * the request opens ends then.
 */
public final class AuthRoutes {

  /** The pseudo-topic a token must be allowed to publish to for seed 000's switchboard calls. */
  public static final String SWITCHBOARD = "switchboard";

  private record Rule(HttpMethod method, String path, Function<RoutingContext, Access> access, boolean management) {

    Rule(HttpMethod method, String path, Function<RoutingContext, Access> access) {
      this(method, path, access, false);
    }

    /** A route for operators: it needs a token with the management claim. */
    static Rule management(String path) {
      return new Rule(HttpMethod.GET, path, OPEN, true);
    }
  }

  private static final Function<RoutingContext, Access> OPEN = ctx -> Access.OPEN;
  private static final String TOKEN_END = "ssehub.auth.tokenEnd";

  static final List<Rule> TABLE = List.of(
    new Rule(HttpMethod.GET, "/topics/:topic", ctx -> Access.subscribe(List.of(ctx.pathParam("topic")))),
    new Rule(HttpMethod.GET, "/subscribe", ctx -> Access.subscribe(ctx.queryParam("topic"))),
    new Rule(HttpMethod.POST, "/topics/:topic", ctx -> Access.publish(ctx.pathParam("topic"))),
    new Rule(HttpMethod.GET, "/listen", OPEN),
    new Rule(HttpMethod.GET, "/events", OPEN),
    new Rule(HttpMethod.POST, "/nickname", ctx -> Access.publish(Topics.ANNOUNCER)),
    new Rule(HttpMethod.GET, "/nicknames", OPEN),
    new Rule(HttpMethod.GET, "/nickname/:uuid", OPEN),
    new Rule(HttpMethod.GET, "/ping", ctx -> Access.publish(Topics.ANNOUNCER)),
    new Rule(HttpMethod.GET, "/remote", OPEN),
    new Rule(HttpMethod.GET, "/sse", OPEN),
    new Rule(HttpMethod.GET, "/v1/sse", OPEN),
    new Rule(HttpMethod.GET, "/v2/sse", ctx -> Access.ownedBy(ctx.request().getParam("username"))),
    new Rule(HttpMethod.POST, "/v2/message", ctx -> userMessage(ctx, "v2")),
    new Rule(HttpMethod.GET, "/v3/sse", ctx -> Access.ownedBy(ctx.request().getParam("username"))),
    new Rule(HttpMethod.POST, "/v3/message", ctx -> userMessage(ctx, "v3")),
    new Rule(HttpMethod.POST, "/v4/new/report", AuthRoutes::reportOwner),
    new Rule(HttpMethod.GET, "/v4/reports", AuthRoutes::reportOwner),
    new Rule(HttpMethod.PUT, "/v4/report", AuthRoutes::reportOwner),
    new Rule(HttpMethod.GET, "/v4/sse", AuthRoutes::reportOwner),
    new Rule(HttpMethod.GET, "/ssec", ctx -> Access.publish(SWITCHBOARD)),
    new Rule(HttpMethod.GET, "/q", ctx -> Access.publish(SWITCHBOARD)),
    new Rule(HttpMethod.GET, "/ssep/:listenerId", OPEN),
    new Rule(HttpMethod.GET, "/sink_to", ctx -> Access.publish(SWITCHBOARD)),
    new Rule(HttpMethod.GET, "/flush", ctx -> Access.publish(SWITCHBOARD)),
    Rule.management("/switchboard/stats"),
    Rule.management("/processors/stats"),
    Rule.management("/monitor"),
    Rule.management("/monitor/stream"),
    Rule.management("/metrics"),
    new Rule(HttpMethod.GET, "/health", OPEN),
    Rule.management("/ready"),
    Rule.management("/ready/*"));

  private final AuthConfig config;
  private final TokenCheck tokens;
  private final Counter unauthorized;
  private final Counter forbidden;

  public AuthRoutes(Vertx vertx, AuthConfig config, HubMetrics metrics) {
    this.config = config;
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
    for (Rule rule : TABLE) {
      if (rule.management()) {
        router.route(rule.method(), rule.path()).handler(this::guardManagement);
      } else if (rule.access() != OPEN) {
        router.route(rule.method(), rule.path()).handler(ctx -> guard(ctx, rule.access().apply(ctx)));
      }
    }
  }

  /** True when the table has a row for this method and path, as the route was mounted. */
  public static boolean covers(HttpMethod method, String path) {
    return TABLE.stream().anyMatch(rule -> rule.method().equals(method) && rule.path().equals(path));
  }

  /**
   * The routes of the router that have no row in the table, as {@code "METHOD /path"}: the gateway refuses to
   * start with any, so that a new route cannot slip past the guard unnoticed.
   */
  public static List<String> uncovered(Router router) {
    List<String> missing = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        if (!covers(method, route.getPath()) && !covers(method, route.getPath() + "*")) {
          missing.add(method + " " + route.getPath());
        }
      }
    }
    return missing;
  }

  /**
   * When the token that let this request on stops being accepted ({@code exp} plus the leeway), or null when the
   * route needed no token or the token never expires.
   */
  public static Instant tokenEnd(RoutingContext ctx) {
    Long millis = ctx.get(TOKEN_END);
    return millis == null ? null : Instant.ofEpochMilli(millis);
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

  /** A message to a user's stream is a publish to that user's topic; without a username the route says 400. */
  private static Access userMessage(RoutingContext ctx, String version) {
    String username = ctx.request().getParam("username");
    return username == null || username.isEmpty() ? Access.OPEN : Access.publish(Topics.user(version, username));
  }

  /** Reports belong to the user in {@code user_id}; one that is not a UUID gets the route's 400. */
  private static Access reportOwner(RoutingContext ctx) {
    return Uuids.normalize(ctx.request().getParam("user_id")).map(Access::ownedBy).orElse(Access.OPEN);
  }
}
