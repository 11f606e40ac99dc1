package io.ssehub.health;

import io.ssehub.config.ClusterConfig;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;

/**
 * The node's liveness and readiness checks, which {@code GET /health} and {@code GET /ready} run.
 *
 * <p>Liveness has one check, {@code eventLoop}: it passes when a loop runs it. Readiness starts with
 * {@code roles}, which passes once {@code HubVerticle} has deployed every role of the node (and fails again once the
 * node is stopping, {@link #stopping()}), and, on a clustered
 * node, {@code cluster} (Hazelcast's own check: this member has joined and the cluster's partitions are safe; and
 * this node sees at least {@code cluster.quorum} members, so that a node cut off from the others is not ready even
 * though it is a safe cluster of one; when it passes, its data is {@code {"state": "cluster joined", "members": n}}).
 *
 * <p><b>Adding a check</b> (Redis, Kafka, ...): take the node's {@code HubHealth} in your verticle's constructor
 * from {@code HubVerticle}, register in {@code start()} and unregister in {@code stop()}:
 * <pre>{@code
 *   health.register("redis", check -> redis.send(Request.cmd(Command.PING))
 *     .onSuccess(pong -> check.complete(Status.OK()))
 *     .onFailure(failure -> check.complete(HubHealth.down("Redis at " + host + " does not answer: "
 *       + failure.getMessage()))));
 * }</pre>
 * A check that does not complete within {@link #CHECK_TIMEOUT_MILLIS} counts as down. Register before the
 * gateway role starts (every role but the gateway is deployed first), so that the list does not change while
 * {@code /ready} is being served.
 */
public final class HubHealth {

  public static final long CHECK_TIMEOUT_MILLIS = 2000;

  private final HealthChecks liveness;
  private final HealthChecks readiness;
  private volatile boolean rolesDeployed;
  private volatile boolean stopping;

  /** A node that is not clustered. */
  public HubHealth(Vertx vertx) {
    this(vertx, new ClusterConfig(1, null), null);
  }

  /** {@code clusterManager}: the one the node's Vertx was built with; null when the node is not clustered. */
  public HubHealth(Vertx vertx, ClusterConfig cluster, ClusterManager clusterManager) {
    liveness = HealthChecks.create(vertx)
      .register("eventLoop", CHECK_TIMEOUT_MILLIS, check -> check.complete(Status.OK()));
    readiness = HealthChecks.create(vertx)
      .register("roles", CHECK_TIMEOUT_MILLIS, this::checkRoles);
    if (clusterManager != null) {
      Handler<Promise<Status>> hazelcast = ClusterHealthCheck.createProcedure(vertx);
      readiness.register("cluster", CHECK_TIMEOUT_MILLIS,
        check -> checkCluster(clusterManager, hazelcast, cluster.quorum(), check));
    }
  }

  /** A failed check's status, with a sentence saying what is wrong; {@code /ready} shows it. */
  public static Status down(String reason) {
    return Status.KO(new JsonObject().put("reason", reason));
  }

  /** Adds a readiness check under this name. */
  public HubHealth register(String name, Handler<Promise<Status>> check) {
    readiness.register(name, CHECK_TIMEOUT_MILLIS, check);
    return this;
  }

  public HubHealth unregister(String name) {
    readiness.unregister(name);
    return this;
  }

  /** Called by {@code HubVerticle} when every role of the node is up. */
  public void rolesDeployed() {
    rolesDeployed = true;
  }

  /** Called on SIGTERM: from now on the {@code roles} check is down, so that load balancers send no new client. */
  public void stopping() {
    stopping = true;
  }

  HealthChecks liveness() {
    return liveness;
  }

  HealthChecks readiness() {
    return readiness;
  }

  /**
   * Hazelcast's own check, then the quorum; when both pass, {@code data} says {@code "cluster joined"} with the
   * member count.
   */
  private static void checkCluster(ClusterManager clusterManager, Handler<Promise<Status>> hazelcast, int quorum,
                                   Promise<Status> check) {
    Promise<Status> safe = Promise.promise();
    hazelcast.handle(safe);
    safe.future()
      .onSuccess(status -> check.complete(status.isOk() ? countMembers(clusterManager, quorum) : status))
      .onFailure(failure -> check.complete(down("the cluster check failed: " + failure.getMessage())));
  }

  private static Status countMembers(ClusterManager clusterManager, int quorum) {
    int members = clusterManager.getNodes().size();
    return members >= quorum
      ? Status.OK(new JsonObject().put("state", "cluster joined").put("members", members))
      : down("this node sees " + members + " cluster member(s), fewer than cluster.quorum (" + quorum + "): it is cut "
        + "off from the rest of the cluster, or they are down");
  }

  private void checkRoles(Promise<Status> check) {
    if (stopping) {
      check.complete(down("the node is shutting down: it takes no new streams and is closing its open ones"));
    } else {
      check.complete(rolesDeployed ? Status.OK() : down("the node's roles are still being deployed"));
    }
  }
}
