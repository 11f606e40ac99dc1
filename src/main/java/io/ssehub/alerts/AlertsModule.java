package io.ssehub.alerts;

import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.generator.GeneratorVerticle;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.security.AccessRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;

/**
 * The alerts broadcast demo. Roles: {@code generator} (one {@link GeneratorVerticle}, an input) and {@code alerts},
 * the route alone. Route: {@code GET /sse} ({@link AlertRoutes}), open to anyone. Config: the {@code generator}
 * section (and {@code redis}, through the generator), {@code nodeName}.
 */
public final class AlertsModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.ALERTS, Role.GENERATOR);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    return node.runs(Role.GENERATOR)
      ? List.of(Deployment.input(Role.GENERATOR,
        () -> new GeneratorVerticle(node.config().generator(), node.config().redis(), node.links())))
      : List.of();
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(AccessRule.open(HttpMethod.GET, "/sse"));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new AlertRoutes(kit.streams(), kit.node().config().generator().topic(), kit.node().config().nodeName())
      .mount(router);
  }
}
