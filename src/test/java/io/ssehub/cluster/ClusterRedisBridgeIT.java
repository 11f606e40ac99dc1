package io.ssehub.cluster;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs from the fat jar, joined by Hazelcast, that both run the Redis bridge on channel {@code alerts} with the
 * history in one Redis Stream (a real redis-server), as seed 001 runs one Redis subscriber per server.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Two nodes that both bridge a Redis channel into one Redis history")
class ClusterRedisBridgeIT {

  private static final String SAME = "{\"key\":\"k2\",\"message\":\"same\"}";
  private static final String WRITER = "now holds the writer lease";
  private static final int PUBLISHED = 300;
  private static final int KILL_AT = 50;

  private final ClusterNodes cluster = new ClusterNodes(2);
  private final HubFixture hub = HubFixture.defaults().withRedis();
  private List<HubProcess> nodes;

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
    JsonObject bridge = new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("redis").add("monitor"))
      .put("redis", new JsonObject()
        .put("url", hub.redisServer().url())
        .put("subscribe", new JsonArray().add("alerts")));
    nodes = List.of(cluster.start("bridge-a", "gateway-redis.json", bridge),
      cluster.start("bridge-b", "gateway-redis.json", bridge));
    for (HubProcess node : nodes) {
      await(ClusterNodes.awaitMembers(vertx, hub.web(), node, 2));
    }
    await(hub.redis().awaitSubscribers("alerts", 2));
    await(hub.redis().awaitWriterLease("ssehub:events"));
  }

  @AfterEach
  void close() {
    cluster.close();
    hub.close();
  }

  @Test
  @DisplayName("two identical PUBLISHes reach each client on both nodes once each; across kill -9 of the writer every message reaches the survivor's clients once, in order")
  void identicalMessagesOncePerClientAndFailover(Vertx vertx) {
    List<SseRecorder> clients = new ArrayList<>();
    for (HubProcess node : nodes) {
      clients.add(await(hub.sse().open(node.port(), "/topics/alerts")));
      clients.add(await(hub.sse().open(node.port(), "/topics/alerts")));
      await(NodeStats.awaitTopicConsumers(vertx, hub.web(), node.port(), 1));
    }
    await(hub.redis().publish("alerts", SAME));
    await(hub.redis().publish("alerts", SAME));
    await(hub.redis().publish("alerts", "after"));
    for (SseRecorder client : clients) {
      await(client.await(recorder -> datas(recorder).contains("after")));
    }
    sleep(500);
    for (int i = 0; i < clients.size(); i++) {
      assertThat(datas(clients.get(i))).as("client " + i).containsExactly(SAME, SAME, "after");
    }

    HubProcess writer = nodes.stream().filter(node -> log(node).contains(WRITER)).findFirst().orElseThrow();
    HubProcess survivor = nodes.get(0) == writer ? nodes.get(1) : nodes.get(0);
    assertThat(log(survivor)).as("the other node's log").doesNotContain(WRITER);
    List<SseRecorder> survivors = nodes.get(0) == survivor ? clients.subList(0, 2) : clients.subList(2, 4);

    // Published one after another, 20 ms apart, from before the kill until well after the takeover.
    List<String> sent = new ArrayList<>();
    for (int n = 1; n <= PUBLISHED; n++) {
      if (n == KILL_AT) {
        writer.kill();
      }
      String message = "m" + n;
      await(hub.redis().publish("alerts", message));
      sent.add(message);
      sleep(20);
    }
    await(hub.redis().publish("alerts", "last"));
    for (SseRecorder client : survivors) {
      await(client.await(recorder -> datas(recorder).contains("last")));
    }
    assertThat(log(survivor)).as("the survivor's log").contains(WRITER);
    for (SseRecorder client : survivors) {
      List<String> got = datas(client).subList(3, datas(client).size() - 1);
      List<String> lost = sent.stream().filter(message -> !got.contains(message)).toList();
      long doubled = got.size() - got.stream().distinct().count();
      System.out.printf("kill -9 of the writer: %d published, %d delivered, %d lost %s, %d doubled%n",
        sent.size(), got.size(), lost.size(), lost, doubled);
      assertThat(got).as("each message once").doesNotHaveDuplicates();
      assertThat(got).as("in the order published").isSubsetOf(sent)
        .isEqualTo(sent.stream().filter(got::contains).toList());
      assertThat(lost).as("messages delivered by no node").isEmpty();
    }
  }

  private static List<String> datas(SseRecorder recorder) {
    return recorder.events().stream().map(SseEvent::data).toList();
  }

  private static String log(HubProcess node) {
    try {
      return Files.readString(node.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
