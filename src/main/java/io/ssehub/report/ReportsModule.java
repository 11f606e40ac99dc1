package io.ssehub.report;

import io.ssehub.bus.Uuids;
import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.security.Access;
import io.ssehub.security.AccessRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * The reports of the users demo. Roles: {@code reports} (one {@link ReportStateMachineVerticle}) and {@code users},
 * the demo's front, which brings these routes alone. Routes: {@link ReportRoutes}, each one the report owner's (the
 * {@code user_id}). Config: the {@code reports} section.
 */
public final class ReportsModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.USERS, Role.REPORTS);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    return node.runs(Role.REPORTS)
      ? List.of(Deployment.of(Role.REPORTS, () -> new ReportStateMachineVerticle(node.config().reports())))
      : List.of();
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(
      AccessRule.of(HttpMethod.POST, "/v4/new/report", ReportsModule::reportOwner),
      AccessRule.of(HttpMethod.GET, "/v4/reports", ReportsModule::reportOwner),
      AccessRule.of(HttpMethod.PUT, "/v4/report", ReportsModule::reportOwner),
      AccessRule.of(HttpMethod.GET, "/v4/sse", ReportsModule::reportOwner));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new ReportRoutes(kit.vertx(), kit.streams(), kit.node().config().reports(), kit.requestTimeoutMillis())
      .mount(router);
  }

  /** Reports belong to the user in {@code user_id}; one that is not a UUID gets the route's 400. */
  private static Access reportOwner(RoutingContext ctx) {
    return Uuids.normalize(ctx.request().getParam("user_id")).map(Access::ownedBy).orElse(Access.OPEN);
  }
}
