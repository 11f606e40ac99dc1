package io.ssehub.monitor;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.config.HubConfig;
import io.ssehub.history.HistoryVerticle;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's monitor. Once a second it samples this JVM (seed 002's {@code cpu_usage} and {@code memory_usage},
 * see {@link ProcessSample}), reads the node's stream and topic counts, works out the rates, and publishes the
 * figures as a transient {@code monitor} event to the {@code monitor} topic, which {@code GET /monitor/stream}
 * follows. On a cluster every node publishes its own figures there, each naming its node.
 *
 * <p>Figures: the seed's two strings, {@code pid}, {@code uptime_seconds}, {@code heap_used_bytes}, {@code node},
 * {@code connections} (SSE streams open on this node), {@code topics}, {@code eventsPerSecond} (events given ids by
 * this node's history role in the last second: on a cluster, the node that runs history shows the cluster's rate),
 * {@code deliveredPerSecond} (hub events this node wrote to its streams), {@code clusterMembers}, and the node's gauges.
 *
 * <p>Consumes {@link Addresses#MONITOR_SAMPLE} (node-local; replies with the figures, the counts read now);
 * requests {@link Addresses#NODE_STATS}; publishes through {@code hub.publish}. Config: {@code nodeName},
 * {@code gateway.requestTimeoutMillis}.
 */
public class MonitorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorVerticle.class);
  private static final long SAMPLE_MILLIS = 1000;

  private final HubConfig config;
  private final HubMetrics metrics;
  private final ClusterManager clusterManager;
  private ProcessSample process;
  private Publisher publisher;
  private DeliveryOptions options;
  private double lastPublished;
  private long lastDelivered;
  private long lastTickNanos;
  private double eventsPerSecond;
  private double deliveredPerSecond;
  private boolean publishFailing;

  /** The node's config, meters and cluster manager (null when the node is not clustered) come from its context. */
  public MonitorVerticle(NodeContext node) {
    this.config = node.config();
    this.metrics = node.metrics();
    this.clusterManager = node.clusterManager();
  }

  @Override
  public Future<?> start() {
    long timeout = config.gateway().requestTimeoutMillis();
    options = new DeliveryOptions().setSendTimeout(timeout);
    publisher = new Publisher(vertx, timeout);
    process = new ProcessSample(vertx);
    lastPublished = metrics.total(HistoryVerticle.PUBLISHED);
    lastTickNanos = System.nanoTime();
    vertx.setPeriodic(SAMPLE_MILLIS, tick -> tick());
    return process.sample()
      .compose(v -> vertx.eventBus().localConsumer(Addresses.MONITOR_SAMPLE, this::answer).completion());
  }

  private void answer(Message<JsonObject> message) {
    nodeStats()
      .onSuccess(stats -> message.reply(figures(stats)))
      .onFailure(failure -> message.fail(503, "the node's counts could not be read: " + failure.getMessage()));
  }

  private void tick() {
    process.sample()
      .compose(v -> nodeStats())
      .map(this::updateRates)
      .compose(figures -> publisher.publishTransient(Topics.MONITOR, "monitor", figures.encode()))
      .onComplete(published -> noteOutcome(published.failed() ? published.cause().getMessage() : null));
  }

  private Future<JsonObject> nodeStats() {
    return vertx.eventBus()
      .<JsonObject>request(Addresses.NODE_STATS, new JsonObject(), options)
      .map(Message::body);
  }

  private JsonObject updateRates(JsonObject stats) {
    long now = System.nanoTime();
    double seconds = Math.max(1e-3, (now - lastTickNanos) / 1e9);
    double published = metrics.total(HistoryVerticle.PUBLISHED);
    long delivered = stats.getLong("eventsDelivered", 0L);
    eventsPerSecond = round((published - lastPublished) / seconds);
    deliveredPerSecond = round((delivered - lastDelivered) / seconds);
    lastPublished = published;
    lastDelivered = delivered;
    lastTickNanos = now;
    return figures(stats);
  }

  private JsonObject figures(JsonObject stats) {
    return process.toJson()
      .put("node", config.nodeName())
      .put("connections", stats.getInteger("openStreams", 0))
      .put("eventsPerSecond", eventsPerSecond)
      .put("deliveredPerSecond", deliveredPerSecond)
      .put("clusterMembers", clusterMembers())
      .mergeIn(stats);
  }

  private int clusterMembers() {
    return clusterManager == null ? 1 : clusterManager.getNodes().size();
  }

  private void noteOutcome(String failure) {
    if (failure != null && !publishFailing) {
      LOG.info("The monitor's figures cannot be published (is a history role reachable?): {}", failure);
    } else if (failure == null && publishFailing) {
      LOG.info("The monitor's figures are published again");
    }
    publishFailing = failure != null;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
