package io.ssehub;

import io.ssehub.announcer.AnnouncerVerticle;
import io.ssehub.bus.Addresses;
import io.ssehub.clock.ClockVerticle;
import io.ssehub.config.HubConfig;
import io.ssehub.config.Role;
import io.ssehub.gateway.NodeGauges;
import io.ssehub.gateway.NodeMeters;
import io.ssehub.gateway.SseGatewayVerticle;
import io.ssehub.gateway.TopicFanout;
import io.ssehub.health.HubHealth;
import io.ssehub.history.HistoryVerticle;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.monitor.MonitorVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The main verticle: reads the config once and deploys the roles it names, the gateway last so that
 * the node takes requests only when what serves them is up. It owns the node's topic fanout and gauges,
 * and answers {@link Addresses#NODE_STATS} for this node. It also owns the node's {@link HubMetrics} and
 * {@link HubHealth}, which it hands to the roles that add meters or readiness checks.
 */
public class HubVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);

  private HubConfig config;
  private HubMetrics metrics;
  private HubHealth health;

  @Override
  public Future<?> start() {
    config = HubConfig.from(config());
    TopicFanout fanout = new TopicFanout(vertx, context);
    NodeGauges gauges = new NodeGauges();
    metrics = HubMetrics.create(vertx, config.nodeName());
    health = new HubHealth(vertx);
    NodeMeters.bind(metrics, gauges, fanout);
    return vertx.eventBus()
      .localConsumer(Addresses.NODE_STATS, message -> message.reply(gauges.toJson(fanout)))
      .completion()
      .compose(v -> deploy(Role.HISTORY, () -> new HistoryVerticle(config.history(), metrics), 1))
      .compose(v -> deploy(Role.ANNOUNCER, () -> new AnnouncerVerticle(config.seeds()), 1))
      .compose(v -> deploy(Role.CLOCK, () -> new ClockVerticle(config.seeds()), 1))
      .compose(v -> deploy(Role.MONITOR, () -> new MonitorVerticle(config, metrics), 1))
      .compose(v -> deploy(Role.GATEWAY, () -> new SseGatewayVerticle(config, fanout, gauges, metrics, health),
        config.gateway().instances()))
      .onSuccess(v -> health.rolesDeployed())
      .onSuccess(v -> LOG.info("sse-hub node {} is up with roles [{}]{}", config.nodeName(), config.roleNames(),
        config.runs(Role.GATEWAY) ? " on port " + config.gateway().port() : ""));
  }

  @Override
  public Future<?> stop() {
    metrics.close();
    return Future.succeededFuture();
  }

  /** The node's readiness checks, for roles and tests that add their own. */
  public HubHealth health() {
    return health;
  }

  private Future<Void> deploy(Role role, Supplier<? extends Deployable> verticle, int instances) {
    if (!config.runs(role)) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
      .onFailure(failure -> LOG.error("The {} role failed to start: {}", role.configName(), failure.getMessage()))
      .mapEmpty();
  }
}
