package io.ssehub.switchboard;

import io.ssehub.config.Role;
import io.ssehub.config.SwitchboardConfig;
import io.ssehub.gateway.RouteKit;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.processor.PipelineVerticle;
import io.ssehub.security.Access;
import io.ssehub.security.AccessRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The callback pipeline demo. Roles: {@code processors} (the pipeline's stages, {@link PipelineVerticle}),
 * {@code switchboard} ({@link SwitchboardVerticle}, {@code switchboard.instances} of it), and {@code pipeline}, the
 * routes alone. Routes: {@link SwitchboardRoutes}. Config: the {@code switchboard} section.
 */
public final class CallbackPipelineModule implements HubModule {

  /** The pseudo-topic a token must be allowed to publish to for the pipeline's calls. */
  public static final String SWITCHBOARD = "switchboard";

  @Override
  public Set<Role> roles() {
    return Set.of(Role.PIPELINE, Role.SWITCHBOARD, Role.PROCESSORS);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    SwitchboardConfig config = node.config().switchboard();
    List<Deployment> deployments = new ArrayList<>();
    if (node.runs(Role.PROCESSORS)) {
      deployments.add(Deployment.of(Role.PROCESSORS, () -> new PipelineVerticle(config)));
    }
    if (node.runs(Role.SWITCHBOARD)) {
      deployments.add(new Deployment(Role.SWITCHBOARD, SwitchboardVerticle.instances(config, node.metrics()),
        config.instances(), false));
    }
    return deployments;
  }

  @Override
  public List<AccessRule> rules() {
    return List.of(
      AccessRule.of(HttpMethod.GET, "/ssec", ctx -> Access.publish(SWITCHBOARD)),
      AccessRule.of(HttpMethod.GET, "/q", ctx -> Access.publish(SWITCHBOARD)),
      AccessRule.open(HttpMethod.GET, "/ssep/:listenerId"),
      AccessRule.of(HttpMethod.GET, "/sink_to", ctx -> Access.publish(SWITCHBOARD)),
      AccessRule.of(HttpMethod.GET, "/flush", ctx -> Access.publish(SWITCHBOARD)),
      AccessRule.management("/switchboard/stats"),
      AccessRule.management("/processors/stats"));
  }

  @Override
  public void mount(Router router, RouteKit kit) {
    new SwitchboardRoutes(kit.vertx(), kit.node().config().switchboard(), kit.requestTimeoutMillis(),
      kit.node().metrics()).mount(router);
  }
}
