package io.ssehub.kafka;

import io.ssehub.config.Role;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;

import java.util.List;
import java.util.Set;

/**
 * The Kafka bridge: role {@code kafka}, one {@link KafkaBridgeVerticle} (an input) when the config has a
 * {@code kafka} section. No routes.
 */
public final class KafkaModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.KAFKA);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    return node.runs(Role.KAFKA)
      ? List.of(Deployment.input(Role.KAFKA, () -> new KafkaBridgeVerticle(node.config().kafka(), node.links())))
      : List.of();
  }
}
