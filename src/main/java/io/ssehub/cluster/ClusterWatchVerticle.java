package io.ssehub.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.ssehub.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;

/**
 * Watches the Hazelcast cluster this node has joined: logs one line when a member joins or leaves (a
 * {@code kill -9} shows as leaving once the failure detector gives up on it, within the seconds that
 * cluster.xml sets), and counts joins and departures. {@code HubVerticle} deploys it on clustered nodes only.
 *
 * <p>Consumes {@link Addresses#CLUSTER_MEMBERS} (node-local): reply {@code {clustered, members, addresses,
 * joined, left}}, where {@code addresses} are the members' Hazelcast addresses and {@code joined}/{@code left}
 * count the changes this node has seen since it started. No config keys. It watches the cluster manager that the
 * node's Vertx was built with.
 */
public class ClusterWatchVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatchVerticle.class);

  private final HazelcastClusterManager clusterManager;
  private HazelcastInstance hazelcast;
  private UUID listener;
  private int joined;
  private int left;

  public ClusterWatchVerticle(HazelcastClusterManager clusterManager) {
    this.clusterManager = clusterManager;
  }

  @Override
  public Future<?> start() {
    hazelcast = clusterManager.getHazelcastInstance();
    listener = hazelcast.getCluster().addMembershipListener(new Listener());
    Set<Member> members = hazelcast.getCluster().getMembers();
    LOG.info("Joined cluster {} as {}; {} member(s): {}", hazelcast.getConfig().getClusterName(),
      hazelcast.getCluster().getLocalMember().getAddress(), members.size(), addresses(members));
    return vertx.eventBus().localConsumer(Addresses.CLUSTER_MEMBERS, this::answer).completion();
  }

  @Override
  public Future<?> stop() {
    if (hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(listener);
    }
    return Future.succeededFuture();
  }

  private void answer(Message<JsonObject> message) {
    Set<Member> members = hazelcast.getCluster().getMembers();
    message.reply(new JsonObject()
      .put("clustered", true)
      .put("members", members.size())
      .put("addresses", addresses(members))
      .put("joined", joined)
      .put("left", left));
  }

  private void memberJoined(MembershipEvent event) {
    joined++;
    LOG.info("Cluster member {} joined; {} member(s) now", event.getMember().getAddress(), event.getMembers().size());
  }

  private void memberLeft(MembershipEvent event) {
    left++;
    LOG.warn("Cluster member {} left; {} member(s) now", event.getMember().getAddress(), event.getMembers().size());
  }

  private static JsonArray addresses(Set<Member> members) {
    JsonArray addresses = new JsonArray();
    members.forEach(member -> addresses.add(member.getAddress().toString()));
    return addresses;
  }

  /** Hazelcast calls it on its own threads; the counts are kept on this verticle's context. */
  private final class Listener implements MembershipListener {

    @Override
    public void memberAdded(MembershipEvent event) {
      context.runOnContext(v -> memberJoined(event));
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      context.runOnContext(v -> memberLeft(event));
    }
  }
}
