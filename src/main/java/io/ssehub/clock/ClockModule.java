package io.ssehub.clock;

import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.security.AccessRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;

/**
 * The timestamp stream demo. Roles: {@code clock} (one {@link ClockVerticle}) and {@code timestamps}, the route
 * alone. Route: {@code GET /remote} ({@link ClockRoutes}), open to anyone. Config: {@code seeds.clockPeriodMillis}.
 */
public final class ClockModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.TIMESTAMPS, Role.CLOCK);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    return node.runs(Role.CLOCK)
      ? List.of(Deployment.of(Role.CLOCK, () -> new ClockVerticle(node.config().seeds())))
      : List.of();
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(AccessRule.open(HttpMethod.GET, "/remote"));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new ClockRoutes(kit.streams()).mount(router);
  }
}
