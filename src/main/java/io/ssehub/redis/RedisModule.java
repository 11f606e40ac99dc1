package io.ssehub.redis;

import io.ssehub.config.RedisConfig;
import io.ssehub.config.Role;
import io.ssehub.node.Deployment;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Redis bridge: role {@code redis}, only when {@code redis.url} is set. One {@link RedisBridgeVerticle} (an
 * input), and a {@link RedisMirrorVerticle} when {@code redis.mirror} names topics and the history is not in Redis.
 * No routes.
 */
public final class RedisModule implements HubModule {

  @Override
  public Set<Role> roles() {
    return Set.of(Role.REDIS);
  }

  @Override
  public List<Deployment> deployments(NodeContext node) {
    RedisConfig config = node.config().redis();
    List<Deployment> deployments = new ArrayList<>();
    if (node.runs(Role.REDIS) && config.enabled()) {
      deployments.add(Deployment.input(Role.REDIS, () -> new RedisBridgeVerticle(config, node.links())));
      if (!config.historyInRedis() && !config.mirror().isEmpty()) {
        deployments.add(Deployment.of(Role.REDIS, () -> new RedisMirrorVerticle(config, node.links())));
      }
    }
    return deployments;
  }
}
