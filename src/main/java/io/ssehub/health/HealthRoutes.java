package io.ssehub.health;

import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.regex.Pattern;

/**
 * {@code GET /health} (alive): the bare status, 200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN"}}, open to
 * anyone even with auth on. {@code GET /ready} (ready to take traffic), as Vert.x health checks answer it: 200
 * {@code {"status":"UP","checks":[..]}} when every check passes, 503 with {@code "status":"DOWN"} and each check's
 * {@code id}, {@code status} and {@code data.reason} when one fails; {@code GET /ready/<check>} runs one check. With
 * auth on, {@code /ready} needs an operator's token (see {@code security/AuthRoutes}).
 */
public final class HealthRoutes implements RouteModule {

  private static final Pattern DOT_SEGMENT = Pattern.compile("(^|[/\\\\])\\.");

  private final HubHealth health;

  public HealthRoutes(HubHealth health) {
    this.health = health;
  }

  @Override
  public void mount(Router router) {
    HealthCheckHandler ready = HealthCheckHandler.createWithHealthChecks(health.readiness());
    router.get("/health").handler(this::alive);
    router.get("/ready").handler(ready);
    router.get("/ready/*").handler(HealthRoutes::withinReady).handler(ready);
  }

  private void alive(RoutingContext ctx) {
    health.liveness()
      .checkStatus()
      .onComplete(checked -> {
        boolean up = checked.succeeded() && CheckResult.isUp(checked.result());
        HttpReplies.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN"));
      });
  }

  /**
   * A check name with a dot segment, such as {@code /ready/%2e%2e%2f}, is taken apart by the health-check handler
   * into nothing, on which it fails with a 500: such a path names no check.
   */
  private static void withinReady(RoutingContext ctx) {
    String rest = ctx.pathParam("*");
    if (rest == null || !DOT_SEGMENT.matcher(rest).find()) {
      ctx.next();
    } else {
      HttpReplies.text(ctx, 404, "No such check; GET /ready lists them.");
    }
  }
}
