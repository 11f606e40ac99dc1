package io.ssehub;

import io.ssehub.cluster.ClusterWatchVerticle;
import io.ssehub.config.HubConfig;
import io.ssehub.config.Redacted;
import io.ssehub.config.Role;
import io.ssehub.gateway.SseGatewayVerticle;
import io.ssehub.health.HubHealth;
import io.ssehub.history.HistoryStore;
import io.ssehub.history.HistoryVerticle;
import io.ssehub.history.MemoryHistoryStore;
import io.ssehub.history.RedisHistoryStore;
import io.ssehub.node.Deployment;
import io.ssehub.node.FanoutVerticle;
import io.ssehub.node.HubModule;
import io.ssehub.node.NodeContext;
import io.ssehub.node.WarmUp;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The main verticle: reads the config once, builds the node's {@link NodeContext} (meters, readiness checks, stream
 * counts, fanout, budgets, the modules of the roles it runs), and deploys the core and then each module's verticles,
 * the gateway last so that the node takes requests only when what serves them is up. The fanout's owner is the
 * history verticle when the node runs the history role, else a {@link FanoutVerticle}. On a clustered node it first
 * deploys the {@link ClusterWatchVerticle}; a clustered node's membership is read from the cluster manager that its
 * Vertx was built with, which this verticle is given.
 *
 * <p>One per node: the launcher's {@code -instances N} deploys this verticle N times, and only the first
 * instance of a deployment runs the node (every role once, the gateway with N times {@code gateway.instances});
 * the others stay idle. {@link #stopInputs()} undeploys the verticles that take messages in (Kafka and Redis
 * bridges, generator) before Vert.x undeploys the rest, so that what they took reaches the open streams.
 *
 * <p>On SIGTERM, before that, {@link #refuseStreams()} turns new streams away and {@code /ready} down; after it,
 * {@link #drainStreams()} closes the open streams spread over {@code gateway.drainSeconds}.
 */
public class HubVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);

  private final HazelcastClusterManager clusterManager;
  private HubConfig config;
  private NodeContext node;
  private final Map<String, Role> inputs = new LinkedHashMap<>();
  private final List<SseGatewayVerticle> gateways = new CopyOnWriteArrayList<>();
  private boolean runsNode;

  /** A node that is not clustered. */
  public HubVerticle() {
    this(null);
  }

  /** A node on a Vertx built with this cluster manager; null when it is not clustered. */
  public HubVerticle(HazelcastClusterManager clusterManager) {
    this.clusterManager = clusterManager;
  }

  @Override
  public Future<?> start() {
    if (vertx.isClustered() != (clusterManager != null)) {
      return Future.failedFuture(vertx.isClustered()
        ? "This node is clustered: deploy new HubVerticle(clusterManager) with the HazelcastClusterManager that its "
          + "Vertx was built with"
        : "This node is not clustered, but was given a cluster manager");
    }
    config = HubConfig.from(config());
    runsNode = NodeClaim.claim(vertx, deploymentID());
    if (!runsNode) {
      return Future.succeededFuture();
    }
    int copies = context.getInstanceCount();
    if (copies > 1) {
      LOG.info("-instances {}: the node runs each role once, and the gateway with {} instances ({} x gateway.instances)",
        copies, copies * config.gateway().instances(), copies);
    }
    node = NodeContext.create(vertx, config, clusterManager, Modules.all());
    int gateways = copies * config.gateway().instances();
    return watchCluster()
      .compose(v -> deployHistoryOrFanout())
      .compose(v -> deployModules(node.modules()))
      .compose(v -> deploy(Role.GATEWAY, this::gateway, gateways))
      .compose(v -> WarmUp.run(vertx, config))
      .onSuccess(v -> node.health().rolesDeployed())
      .onSuccess(v -> LOG.info("sse-hub node {} is up with roles [{}]{}, {} transport", config.nodeName(),
        config.roleNames(), config.runs(Role.GATEWAY) ? " on port " + config.gateway().port() : "",
        vertx.isNativeTransportEnabled() ? "native (epoll)" : "JDK NIO"));
  }

  @Override
  public Future<?> stop() {
    if (runsNode) {
      NodeClaim.release(vertx, deploymentID());
      node.metrics().close();
    }
    return Future.succeededFuture();
  }

  /**
   * Undeploys the roles that take messages in from outside (Kafka and Redis bridges, generator), all at once,
   * and completes when they have stopped: a bridge commits only what the history took while the gateway still
   * serves. Vert.x undeploys a verticle's children all at once, so the shutdown calls this first, from any thread.
   */
  public Future<Void> stopInputs() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> undeployInputs().onComplete(stopped));
    return stopped.future();
  }

  private Future<Void> undeployInputs() {
    long start = System.currentTimeMillis();
    List<String> roles = inputs.values().stream()
      .map(Role::configName)
      .toList();
    List<Future<Void>> stopped = inputs.keySet().stream()
      .map(vertx::undeploy)
      .toList();
    inputs.clear();
    return Future.join(stopped)
      .onComplete(done -> LOG.info("Inputs stopped in {} ms: {}", System.currentTimeMillis() - start, roles))
      .mapEmpty();
  }

  /**
   * The first step of a shutdown: from now on new SSE streams get 503 and {@code /ready} is down, while open
   * streams and every other route go on. Completes at once on an idle instance; called from any thread.
   */
  public Future<Void> refuseStreams() {
    Promise<Void> refused = Promise.promise();
    context.runOnContext(v -> {
      if (runsNode) {
        node.budget().refuseNew();
        node.health().stopping();
      }
      refused.complete();
    });
    return refused.future();
  }

  /**
   * Closes the open streams of every gateway instance, each on its own event loop, spread over
   * {@code gateway.drainSeconds}; completes with their count once the last is closed. Called from any thread.
   */
  public Future<Integer> drainStreams() {
    long start = System.currentTimeMillis();
    return Future.all(gateways.stream().map(SseGatewayVerticle::drain).toList())
      .map(all -> all.<Integer>list().stream().mapToInt(Integer::intValue).sum())
      .onSuccess(count -> {
        if (runsNode) {
          LOG.info("Drained: {} streams closed in {} ms", count, System.currentTimeMillis() - start);
        }
      });
  }

  /** One gateway instance, kept for {@link #drainStreams()}. */
  private SseGatewayVerticle gateway() {
    SseGatewayVerticle gateway = new SseGatewayVerticle(config.gateway(), node);
    gateways.add(gateway);
    return gateway;
  }

  /** The node's readiness checks, for roles and tests that add their own. */
  public HubHealth health() {
    return node.health();
  }

  private HistoryStore historyStore() {
    return config.redis().historyInRedis()
      ? new RedisHistoryStore(config.history(), config.redis(), config.nodeName(), node.links())
      : new MemoryHistoryStore(config.history());
  }

  /** The history role, which owns the fanout, when this node runs it; else the fanout's own verticle. */
  private Future<Void> deployHistoryOrFanout() {
    if (!config.runs(Role.HISTORY)) {
      return vertx.deployVerticle(new FanoutVerticle(node)).mapEmpty();
    }
    return deploy(Role.HISTORY, () -> new HistoryVerticle(config.history(), historyStore(), node), 1);
  }

  /** Each module's verticles, one after the other in the modules' order; inputs are kept for {@link #stopInputs()}. */
  private Future<Void> deployModules(List<HubModule> modules) {
    Future<Void> deployed = Future.succeededFuture();
    for (HubModule module : modules) {
      for (Deployment deployment : module.deployments(node)) {
        deployed = deployed.compose(v -> deploy(deployment));
      }
    }
    return deployed;
  }

  private Future<Void> deploy(Deployment deployment) {
    return deployed(deployment.role(), deployment.verticle(), deployment.instances())
      .onSuccess(id -> {
        if (deployment.input()) {
          inputs.put(id, deployment.role());
        }
      })
      .mapEmpty();
  }

  /** On a clustered node, the watch that logs members joining and leaving; every clustered node runs one. */
  private Future<Void> watchCluster() {
    return clusterManager != null
      ? vertx.deployVerticle(new ClusterWatchVerticle(clusterManager)).mapEmpty()
      : Future.succeededFuture();
  }

  private Future<Void> deploy(Role role, Supplier<? extends Deployable> verticle, int instances) {
    if (!config.runs(role)) {
      return Future.succeededFuture();
    }
    return deployed(role, verticle, instances).mapEmpty();
  }

  private Future<String> deployed(Role role, Supplier<? extends Deployable> verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
      .onFailure(failure -> LOG.error("The {} role failed to start: {}", role.configName(),
        Redacted.text(failure.getMessage())));
  }
}
