package io.ssehub.mercure;

import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.node.HubModule;
import io.ssehub.security.AccessRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;

/**
 * The Mercure protocol: role {@code mercure}, which runs no verticle and is on only when {@code mercure.enabled} is
 * true. Routes: {@code GET} and {@code POST /.well-known/mercure} ({@link MercureRoutes}). Their rules are open to the
 * hub's {@code auth} guard: the Mercure routes check Mercure access tokens themselves, as the specification says.
 * Config: the {@code mercure} section (and {@code cors} for the origin check of cookie publishes).
 */
public final class MercureModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.MERCURE);
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(
      AccessRule.open(HttpMethod.GET, MercureRoutes.PATH),
      AccessRule.open(HttpMethod.POST, MercureRoutes.PATH));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new MercureRoutes(kit).mount(router);
  }
}
