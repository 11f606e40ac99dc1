package io.ssehub.health;

import io.ssehub.gateway.RouteModule;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code GET /health} (alive) and {@code GET /ready} (ready to take traffic), as Vert.x health checks answer
 * them: 200 {@code {"status":"UP","checks":[..]}} when every check passes, 503 with {@code "status":"DOWN"} and
 * each check's {@code id}, {@code status} and {@code data.reason} when one fails. {@code GET /ready/<check>} runs
 * one check.
 */
public final class HealthRoutes implements RouteModule {

  private final HubHealth health;

  public HealthRoutes(HubHealth health) {
    this.health = health;
  }

  @Override
  public void mount(Router router) {
    HealthCheckHandler alive = HealthCheckHandler.createWithHealthChecks(health.liveness());
    HealthCheckHandler ready = HealthCheckHandler.createWithHealthChecks(health.readiness());
    router.get("/health").handler(alive);
    router.get("/ready").handler(ready);
    router.get("/ready/*").handler(ready);
  }
}
