package io.ssehub.monitor;

import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.security.AccessRule;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;

/**
 * The node's monitor, of the announcer demo: role {@code monitor}, one {@link MonitorVerticle} per node that runs
 * it. Routes: {@link MonitorRoutes}, for operators. Config: {@code nodeName}, {@code gateway.requestTimeoutMillis}.
 */
public final class MonitorModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.MONITOR);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    return List.of(Deployment.of(Role.MONITOR, () -> new MonitorVerticle(node)));
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(AccessRule.management("/monitor"), AccessRule.management("/monitor/stream"));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new MonitorRoutes(kit.vertx(), kit.streams(), kit.requestTimeoutMillis()).mount(router);
  }
}
