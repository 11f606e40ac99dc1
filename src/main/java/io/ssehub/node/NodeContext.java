package io.ssehub.node;

import io.ssehub.bridge.Links;
import io.ssehub.config.HubConfig;
import io.ssehub.config.Role;
import io.ssehub.gateway.NodeGauges;
import io.ssehub.gateway.NodeMeters;
import io.ssehub.gateway.TopicFanout;
import io.ssehub.health.HubHealth;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.security.ConnectionBudget;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.List;

/**
 * What exists once per node and is shared by its verticles: the parsed config, the meters, the readiness checks,
 * the outside links, the stream counts, the topic fanout, the connection budget, the cluster manager (null when
 * the node is not clustered) and the modules whose roles the node runs. Built once per node by
 * {@code HubVerticle}, or by a test that deploys one verticle alone; each verticle takes its own config section and
 * this context.
 *
 * <p>The fanout is started by its owner ({@link TopicFanout#start}): the history verticle on a node that runs the
 * history role, else {@link FanoutVerticle}.
 */
public record NodeContext(
  HubConfig config,
  HubMetrics metrics,
  HubHealth health,
  Links links,
  NodeGauges gauges,
  TopicFanout fanout,
  ConnectionBudget budget,
  ClusterManager clusterManager,
  List<HubModule> modules) {

  /** Whether this node runs the role (as {@link HubConfig#runs}). */
  public boolean runs(Role role) {
    return config.runs(role);
  }

  /** The context of a node with this config, built with {@code modules}: those with a role the node runs. */
  public static NodeContext create(Vertx vertx, HubConfig config, ClusterManager clusterManager,
                                   List<HubModule> modules) {
    HubMetrics metrics = HubMetrics.create(vertx, config.nodeName());
    HubHealth health = new HubHealth(vertx, config.cluster(), clusterManager);
    NodeGauges gauges = new NodeGauges();
    TopicFanout fanout = clusterManager == null
      ? new TopicFanout(vertx, gauges, config.gateway())
      : new TopicFanout(vertx, gauges, config.gateway(), clusterManager.getNodeId());
    NodeMeters.bind(metrics, gauges, fanout);
    List<HubModule> deployed = modules.stream()
      .filter(module -> module.roles().stream().anyMatch(config::runs))
      .toList();
    return new NodeContext(config, metrics, health, new Links(health, metrics), gauges, fanout,
      new ConnectionBudget(config.limits()), clusterManager, deployed);
  }
}
