package io.ssehub.announcer;

import io.ssehub.bus.Topics;
import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.security.Access;
import io.ssehub.security.AccessRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;

/**
 * The message announcer demo. Roles: {@code announcer} (one {@link AnnouncerVerticle}: the pings and the nickname
 * list) and {@code announcements}, the routes alone. Routes: {@link AnnouncerRoutes}; setting a nickname and
 * {@code /ping} are publishes to the announcer topic. Config: the {@code seeds} section.
 */
public final class AnnouncerModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.ANNOUNCEMENTS, Role.ANNOUNCER);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    return node.runs(Role.ANNOUNCER)
      ? List.of(Deployment.of(Role.ANNOUNCER, () -> new AnnouncerVerticle(node.config().seeds())))
      : List.of();
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(
      AccessRule.open(HttpMethod.GET, "/listen"),
      AccessRule.open(HttpMethod.GET, "/events"),
      AccessRule.of(HttpMethod.POST, "/nickname", ctx -> Access.publish(Topics.ANNOUNCER)),
      AccessRule.open(HttpMethod.GET, "/nicknames"),
      AccessRule.open(HttpMethod.GET, "/nickname/:uuid"),
      AccessRule.of(HttpMethod.GET, "/ping", ctx -> Access.publish(Topics.ANNOUNCER)));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new AnnouncerRoutes(kit.vertx(), kit.streams(), kit.publisher(), kit.requestTimeoutMillis()).mount(router);
  }
}
