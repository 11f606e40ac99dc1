package io.ssehub.cluster;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three JVMs from the fat jar joined by Hazelcast with the history in Redis Streams on every node (a real
 * redis-server): a worker from conf/workers-redis.json and two gateways from conf/gateway-redis.json.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A cluster whose history is shared in Redis Streams")
class ClusterRedisNodesIT {

  private final ClusterNodes cluster = new ClusterNodes(3);
  private final HubFixture hub = HubFixture.defaults().withRedis();
  private HubProcess worker;
  private HubProcess gatewayA;
  private HubProcess gatewayB;

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
    JsonObject useRedis = new JsonObject().put("redis", new JsonObject().put("url", hub.redisServer().url()));
    worker = cluster.start("redis-worker", "workers-redis.json", useRedis);
    gatewayA = cluster.start("redis-gateway-a", "gateway-redis.json", useRedis);
    gatewayB = cluster.start("redis-gateway-b", "gateway-redis.json", useRedis);
    for (HubProcess node : List.of(worker, gatewayA, gatewayB)) {
      await(ClusterNodes.awaitMembers(vertx, hub.web(), node, 3));
    }
  }

  @AfterEach
  void close() {
    cluster.close();
    hub.close();
  }

  @Test
  @DisplayName("kill -9 of a gateway: its clients resume on the other with Last-Event-ID and lose nothing; then kill -9 of the worker: publishing goes on")
  void killedGatewaysClientsResumeFromRedisHistory(Vertx vertx) {
    List<SseRecorder> before = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      before.add(await(hub.sse().open(gatewayB.port(), "/topics/failover")));
    }
    await(NodeStats.awaitTopicConsumers(vertx, hub.web(), gatewayB.port(), 1));
    TopicLoad load = new TopicLoad(vertx, hub.web(), gatewayA.port(), "failover").start(40);
    await(before.get(0).awaitEvents(15));

    gatewayB.kill();
    List<SseRecorder> after = new ArrayList<>();
    for (SseRecorder recorder : before) {
      after.add(await(hub.sse().resumeElsewhere(recorder, gatewayA.port(), "/topics/failover")));
    }
    await(ClusterNodes.awaitMembers(vertx, hub.web(), gatewayA, 2));
    worker.kill();
    await(ClusterNodes.awaitMembers(vertx, hub.web(), gatewayA, 1));
    int publishedAfterWorkerDied = load.published();
    await(after.get(0).await(recorder -> TopicLoad.numbers(recorder.events()).contains(publishedAfterWorkerDied + 10)));
    int published = await(load.stop());
    long stored = await(hub.redis().send(Command.XLEN, "ssehub:events")).toLong();

    assertThat(load.failed()).as("publishes that failed").isZero();
    assertThat(stored).as("events in the shared stream").isGreaterThanOrEqualTo(published);
    for (int i = 0; i < before.size(); i++) {
      SseRecorder resumed = after.get(i);
      await(resumed.await(recorder -> TopicLoad.numbers(recorder.events()).contains(published)));
      List<Integer> all = new ArrayList<>(TopicLoad.numbers(before.get(i).events()));
      all.addAll(TopicLoad.numbers(resumed.events()));
      assertThat(all).as("client " + i + " before and after the kill")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, published).boxed().toList());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
