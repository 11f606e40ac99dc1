package io.ssehub.users;

import io.ssehub.bus.Topics;
import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.node.HubModule;
import io.ssehub.security.Access;
import io.ssehub.security.AccessRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * The per-user channels of the users demo: role {@code users}, which runs no verticle (the Kafka bridge, when a
 * node runs it, feeds the v3 channels). Routes: {@link UserStreamRoutes}; a user's stream is its owner's, and a
 * message to a user is a publish to that user's topic. Config: the {@code seeds} section.
 */
public final class UsersModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.USERS);
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(
      AccessRule.open(HttpMethod.GET, "/v1/sse"),
      AccessRule.of(HttpMethod.GET, "/v2/sse", ctx -> Access.ownedBy(ctx.request().getParam("username"))),
      AccessRule.of(HttpMethod.POST, "/v2/message", ctx -> userMessage(ctx, "v2")),
      AccessRule.of(HttpMethod.GET, "/v3/sse", ctx -> Access.ownedBy(ctx.request().getParam("username"))),
      AccessRule.of(HttpMethod.POST, "/v3/message", ctx -> userMessage(ctx, "v3")));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new UserStreamRoutes(kit.streams(), kit.publisher(), kit.node().config().seeds()).mount(router);
  }

  /** A message to a user's stream is a publish to that user's topic; without a username the route says 400. */
  private static Access userMessage(RoutingContext ctx, String version) {
    String username = ctx.request().getParam("username");
    return username == null || username.isEmpty() ? Access.OPEN : Access.publish(Topics.user(version, username));
  }
}
