package io.ssehub.polyglot;

import io.ssehub.config.Role;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;

import java.util.List;
import java.util.Set;

/**
 * The TCP event-bus bridge: role {@code bridge}, one {@link BridgeVerticle} (an input) when the config has a
 * {@code bridge} section. No routes.
 */
public final class BridgeModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.BRIDGE);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    return node.runs(Role.BRIDGE)
      ? List.of(Deployment.input(Role.BRIDGE,
        () -> new BridgeVerticle(node.config().bridge(), node.config().auth(), node.metrics())))
      : List.of();
  }
}
