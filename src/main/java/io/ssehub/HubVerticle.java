package io.ssehub;

import io.ssehub.announcer.AnnouncerVerticle;
import io.ssehub.bridge.Links;
import io.ssehub.bus.Addresses;
import io.ssehub.clock.ClockVerticle;
import io.ssehub.cluster.ClusterWatchVerticle;
import io.ssehub.config.HubConfig;
import io.ssehub.config.Redacted;
import io.ssehub.config.Role;
import io.ssehub.gateway.NodeGauges;
import io.ssehub.gateway.NodeMeters;
import io.ssehub.gateway.SseGatewayVerticle;
import io.ssehub.gateway.TopicFanout;
import io.ssehub.generator.GeneratorVerticle;
import io.ssehub.health.HubHealth;
import io.ssehub.history.HistoryStore;
import io.ssehub.history.HistoryVerticle;
import io.ssehub.history.MemoryHistoryStore;
import io.ssehub.history.RedisHistoryStore;
import io.ssehub.kafka.KafkaBridgeVerticle;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.monitor.MonitorVerticle;
import io.ssehub.polyglot.BridgeVerticle;
import io.ssehub.processor.PipelineVerticle;
import io.ssehub.redis.RedisBridgeVerticle;
import io.ssehub.redis.RedisMirrorVerticle;
import io.ssehub.report.ReportStateMachineVerticle;
import io.ssehub.security.ConnectionBudget;
import io.ssehub.switchboard.SwitchboardVerticle;
import io.vertx.core.Context;
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
import java.util.function.Supplier;

/**
 * The main verticle: reads the config once and deploys the roles it names, the gateway last so that
 * the node takes requests only when what serves them is up. It owns the node's topic fanout and gauges,
 * and answers {@link Addresses#NODE_STATS} for this node. The fanout runs on the history role's event loop
 * when the node has one (so that an event goes from the history to the fanout on one thread), else on this
 * verticle's. It also owns the node's {@link HubMetrics} and
 * {@link HubHealth}, which it hands to the roles that add meters or readiness checks. On a clustered node it
 * first deploys the {@link ClusterWatchVerticle}; a clustered node's membership is read from the cluster manager
 * that its Vertx was built with, which this verticle is given.
 *
 * <p>One per node: the launcher's {@code -instances N} deploys this verticle N times, and only the first
 * instance of a deployment runs the node (every role once, the gateway with N times {@code gateway.instances});
 * the others stay idle. {@link #stopInputs()} undeploys the roles that take messages in (Kafka and Redis
 * bridges, generator) before Vert.x undeploys the rest, so that what they took reaches the open streams.
 */
public class HubVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);

  private final HazelcastClusterManager clusterManager;
  private HubConfig config;
  private HubMetrics metrics;
  private HubHealth health;
  private Links links;
  private HistoryVerticle history;
  private TopicFanout fanout;
  private final Map<String, Role> inputs = new LinkedHashMap<>();
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
    NodeGauges gauges = new NodeGauges();
    metrics = HubMetrics.create(vertx, config.nodeName());
    health = new HubHealth(vertx, config.cluster(), clusterManager);
    links = new Links(health, metrics);
    ConnectionBudget budget = new ConnectionBudget(config.limits());
    return watchCluster()
      .compose(v -> deployHistory())
      .compose(v -> {
        // On the history's event loop when the node has one: every event this node's history publishes then
        // reaches the fanout without waking another thread.
        Context fanoutLoop = history != null ? history.eventLoop() : context;
        fanout = new TopicFanout(vertx, fanoutLoop, gauges, config.gateway());
        NodeMeters.bind(metrics, gauges, fanout);
        return answerStats(fanoutLoop, gauges);
      })
      .compose(v -> deploy(Role.ANNOUNCER, () -> new AnnouncerVerticle(config.seeds()), 1))
      .compose(v -> deploy(Role.CLOCK, () -> new ClockVerticle(config.seeds()), 1))
      .compose(v -> deploy(Role.MONITOR, () -> new MonitorVerticle(config, metrics, clusterManager), 1))
      .compose(v -> deployInput(Role.KAFKA, () -> new KafkaBridgeVerticle(config.kafka(), links)))
      .compose(v -> deploy(Role.REPORTS, () -> new ReportStateMachineVerticle(config.reports()), 1))
      .compose(v -> deployRedis())
      .compose(v -> deployInput(Role.GENERATOR, () -> new GeneratorVerticle(config.generator(), config.redis(), links)))
      .compose(v -> deploy(Role.PROCESSORS, () -> new PipelineVerticle(config.switchboard()), 1))
      .compose(v -> deploy(Role.SWITCHBOARD, SwitchboardVerticle.instances(config.switchboard(), metrics),
        config.switchboard().instances()))
      .compose(v -> deployInput(Role.BRIDGE, () -> new BridgeVerticle(config.bridge(), config.auth(), metrics)))
      .compose(v -> deploy(Role.GATEWAY, () -> new SseGatewayVerticle(config, fanout, gauges, metrics, health,
        budget),
        copies * config.gateway().instances()))
      .onSuccess(v -> health.rolesDeployed())
      .onSuccess(v -> LOG.info("sse-hub node {} is up with roles [{}]{}, {} transport", config.nodeName(),
        config.roleNames(), config.runs(Role.GATEWAY) ? " on port " + config.gateway().port() : "",
        vertx.isNativeTransportEnabled() ? "native (epoll)" : "JDK NIO"));
  }

  @Override
  public Future<?> stop() {
    if (runsNode) {
      NodeClaim.release(vertx, deploymentID());
      metrics.close();
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

  /** Answers {@link Addresses#NODE_STATS} on the fanout's loop: the stats read the fanout's maps, which only that loop changes. */
  private Future<Void> answerStats(Context loop, NodeGauges gauges) {
    Promise<Void> registered = Promise.promise();
    loop.runOnContext(v -> vertx.eventBus()
      .localConsumer(Addresses.NODE_STATS, message -> message.reply(gauges.toJson(fanout)))
      .completion()
      .onComplete(registered));
    return registered.future();
  }

  /** The node's readiness checks, for roles and tests that add their own. */
  public HubHealth health() {
    return health;
  }

  private HistoryStore historyStore() {
    return config.redis().historyInRedis()
      ? new RedisHistoryStore(config.history(), config.redis(), config.nodeName(), links)
      : new MemoryHistoryStore(config.history());
  }

  /** The history role, when this node runs it: kept in {@link #history}, as the fanout runs on its event loop. */
  private Future<Void> deployHistory() {
    if (!config.runs(Role.HISTORY)) {
      return Future.succeededFuture();
    }
    history = new HistoryVerticle(config.history(), historyStore(), metrics, config.limits().maxEventBytes());
    return deploy(Role.HISTORY, () -> history, 1);
  }

  /** On a clustered node, the watch that logs members joining and leaving; every clustered node runs one. */
  private Future<Void> watchCluster() {
    return clusterManager != null
      ? vertx.deployVerticle(new ClusterWatchVerticle(clusterManager)).mapEmpty()
      : Future.succeededFuture();
  }

  /** The Redis bridge (and, when the history is not in Redis, the mirror), only when Redis is configured. */
  private Future<Void> deployRedis() {
    if (!config.redis().enabled()) {
      return Future.succeededFuture();
    }
    return deployInput(Role.REDIS, () -> new RedisBridgeVerticle(config.redis(), links))
      .compose(v -> config.redis().historyInRedis() || config.redis().mirror().isEmpty()
        ? Future.succeededFuture()
        : deploy(Role.REDIS, () -> new RedisMirrorVerticle(config.redis(), links), 1));
  }

  /** One verticle of a role that takes messages in; kept for {@link #stopInputs()}. */
  private Future<Void> deployInput(Role role, Supplier<? extends Deployable> verticle) {
    if (!config.runs(role)) {
      return Future.succeededFuture();
    }
    return deployed(role, verticle, 1)
      .onSuccess(id -> inputs.put(id, role))
      .mapEmpty();
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
