package io.ssehub.cluster;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Two gateway JVMs sharing one redis-server: seed 001's alerts on every node, and resuming on the other node")
class RedisGatewayNodesIT {

  private final HubFixture hub = HubFixture.defaults().withRedis();
  private HubProcess nodeA;
  private HubProcess nodeB;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    hub.start(vertx);
    nodeA = hub.process("node-a", overrides());
    nodeB = hub.process("node-b", overrides());
    await(hub.redis().awaitSubscribers("alerts", 2));
    await(hub.redis().awaitWriterLease("ssehub:events"));
    await(hub.redis().awaitReply(() -> hub.redis().send(Command.INFO, "clients"),
      info -> info.toString().contains("blocked_clients:2")));
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private JsonObject overrides() {
    return new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("redis").add("monitor").add("alerts"))
      .put("redis", new JsonObject()
        .put("url", hub.redisServer().url())
        .put("subscribe", new JsonArray().add("alerts"))
        .put("reconnectMaxMillis", 1000));
  }

  @Test
  @DisplayName("Each node delivers every alert once to its own clients, naming itself in server, with the same ids")
  void everyNodeDeliversEveryAlert(Vertx vertx) throws Exception {
    SseRecorder onA = await(hub.sse().open(nodeA.port(), "/sse"));
    SseRecorder onB = await(hub.sse().open(nodeB.port(), "/sse"));
    await(NodeStats.awaitTopicConsumers(vertx, hub.web(), nodeA.port(), 1));
    await(NodeStats.awaitTopicConsumers(vertx, hub.web(), nodeB.port(), 1));
    for (int n = 1; n <= 5; n++) {
      await(hub.redis().publish("alerts", alert(n)));
    }
    List<SseEvent> fromA = await(onA.awaitEvents(5));
    List<SseEvent> fromB = await(onB.awaitEvents(5));
    long stored = await(hub.redis().send(Command.XLEN, "ssehub:events")).toLong();

    for (int n = 1; n <= 5; n++) {
      String withoutServer = alert(n).substring(0, alert(n).length() - 1);
      assertThat(fromA.get(n - 1).event()).isEqualTo("NewAlert");
      assertThat(fromA.get(n - 1).data()).isEqualTo(withoutServer + ", \"server\": \"node-a\"}");
      assertThat(fromB.get(n - 1).data()).isEqualTo(withoutServer + ", \"server\": \"node-b\"}");
    }
    assertThat(fromA).extracting(SseEvent::id).containsExactlyElementsOf(fromB.stream().map(SseEvent::id).toList());
    assertThat(stored).as("entries in the shared history stream").isEqualTo(5);
  }

  @Test
  @DisplayName("After kill -9 of its node, a client resumes on the other node with Last-Event-ID and gets every alert once")
  void resumeOnOtherNodeAfterKill(Vertx vertx) throws Exception {
    int total = 40;
    // Published one after another (each PUBLISH after the last one's reply), so the channel has them in order.
    AtomicInteger next = new AtomicInteger(1);
    SseRecorder onA = await(hub.sse().open(nodeA.port(), "/sse"));
    await(NodeStats.awaitTopicConsumers(vertx, hub.web(), nodeA.port(), 1));
    AtomicReference<Future<?>> published = new AtomicReference<>(Future.succeededFuture());
    long publisher = vertx.setPeriodic(50, tick -> {
      int n = next.getAndIncrement();
      if (n <= total) {
        published.set(published.get().compose(v -> hub.redis().publish("alerts", alert(n))));
      }
    });
    await(onA.awaitEvents(10));
    nodeA.kill();
    await(onA.awaitEnd());
    List<SseEvent> beforeKill = onA.events();
    String lastId = beforeKill.get(beforeKill.size() - 1).id();

    SseRecorder onB = await(hub.sse().open(nodeB.port(), "/sse",
      MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", lastId)));
    await(onB.await(recorder -> beforeKill.size() + recorder.events().size() >= total));
    vertx.cancelTimer(publisher);
    await(hub.redis().publish("alerts", alert(total + 1)));
    await(onB.await(recorder -> recorder.events().stream().anyMatch(event -> event.data().contains("Message: " + (total + 1)))));

    List<SseEvent> all = new ArrayList<>(beforeKill);
    all.addAll(onB.events());
    assertThat(all).extracting(RedisGatewayNodesIT::number)
      .containsExactlyElementsOf(IntStream.rangeClosed(1, total + 1).boxed().toList());
    assertThat(onB.events()).allSatisfy(event -> {
      assertThat(event.event()).isEqualTo("NewAlert");
      assertThat(event.data()).endsWith("\"server\": \"node-b\"}");
    });
    assertThat(beforeKill).allSatisfy(event -> assertThat(event.data()).endsWith("\"server\": \"node-a\"}"));
  }

  private static int number(SseEvent event) {
    String message = new JsonObject(event.data()).getString("message");
    return Integer.parseInt(message.substring(message.lastIndexOf(' ') + 1));
  }

  private static String alert(int n) {
    return "{\"key\": \"" + (1 + n % 10) + "\", \"message\": \"Sending Message: " + n + "\"}";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
