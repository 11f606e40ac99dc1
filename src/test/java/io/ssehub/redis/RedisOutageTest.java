package io.ssehub.redis;

import io.ssehub.bridge.RedisClients;
import io.ssehub.history.RedisHistoryStore;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.Probes;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Redis stopped and started again while a client streams alerts")
class RedisOutageTest {

  private final HubFixture hub = HubFixture.with(fixture -> overrides()).withRedis().withLogs("io.ssehub");

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx)
      .compose(id -> hub.redis().awaitSubscribers("alerts", 1))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Other routes keep serving, the outage is logged once per part, and the same stream gets alerts again")
  void deliveryResumesAfterRestart(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder alerts = await(hub.open("/sse"));
    await(NodeStats.awaitTopicConsumers(vertx, 1));
    await(hub.redis().publish("alerts", alert(1)));
    await(alerts.awaitEvents(1));

    hub.redisServer().stop();
    SseRecorder clock = await(hub.open("/remote"));
    await(clock.awaitEvents(3));
    var refused = await(hub.post("/topics/news").sendBuffer(Buffer.buffer("x")));
    JsonObject notReady = await(hub.awaitReady(503));

    hub.redisServer().startAgain();
    await(hub.redis().awaitSubscribers("alerts", 1));
    await(hub.redis().awaitWriterLease("ssehub:events"));
    await(hub.redis().publish("alerts", alert(2)));
    await(alerts.awaitEvents(2));
    await(hub.redis().publish("alerts", alert(3)));
    await(alerts.awaitEvents(3));
    await(hub.awaitReady(200));
    Connections after = settledConnections();
    String metrics = await(hub.awaitMetric("ssehub_bridge_lag_seconds_count{link=\"redis\"", 3));

    testContext.verify(() -> {
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.bodyAsString()).contains("history store is unavailable");
      assertThat(alerts.ended()).isFalse();
      assertThat(alerts.events()).extracting(event -> new JsonObject(event.data()).getString("message"))
        .containsExactly("Sending Message: 1", "Sending Message: 2", "Sending Message: 3");
      assertThat(hub.logs().warnings(RedisBridgeVerticle.class.getName())).hasSize(1);
      assertThat(hub.logs().warnings(RedisHistoryStore.class.getPackageName() + ".RedisStreamTail")).hasSize(1);
      assertThat(after.subscribers()).as("connections in subscribe mode after the restart").isEqualTo(1);
      assertThat(after.readers()).as("connections reading the history stream after the restart").isLessThanOrEqualTo(1);
      assertThat(after.total()).as("connections after the restart").isLessThanOrEqualTo(MOST_CONNECTIONS);
      JsonObject redisCheck = Probes.check(notReady, "redis");
      assertThat(redisCheck.getString("status")).isEqualTo("DOWN");
      assertThat(redisCheck.getJsonObject("data").getString("reason")).contains("unreachable");
      assertThat(Probes.metric(metrics, "ssehub_bridge_errors_total{link=\"redis\"")).isPositive();
      assertThat(Probes.metric(metrics, "ssehub_bridge_lag_seconds_count{link=\"redis\"")).isGreaterThanOrEqualTo(3);
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("A node started while Redis is down starts, serves its other routes, and delivers alerts once Redis is up")
  void startsWhileRedisIsDown(Vertx vertx, VertxTestContext testContext) throws Exception {
    int secondPort = TestHub.freePort();
    hub.redisServer().stop();
    await(TestHub.deploy(vertx, TestHub.config(secondPort, overrides().put("nodeName", "node-y"))));
    SseRecorder clock = await(hub.sse().open(secondPort, "/remote"));
    await(clock.awaitEvents(1));
    SseRecorder alerts = await(hub.sse().open(secondPort, "/sse"));

    hub.redisServer().startAgain();
    await(hub.redis().awaitSubscribers("alerts", 2));
    await(hub.redis().awaitWriterLease("ssehub:events"));
    await(hub.redis().publish("alerts", alert(1)));
    await(alerts.await(recorder -> recorder.events().stream().anyMatch(event -> event.data().contains("node-y"))));

    testContext.verify(() -> assertThat(alerts.events()).extracting(event -> event.data())
      .containsExactly("{\"key\": \"1\", \"message\": \"Sending Message: 1\", \"server\": \"node-y\"}"));
    testContext.completeNow();
  }

  private JsonObject overrides() {
    return new JsonObject()
      .put("nodeName", "node-x")
      .put("deploy", new JsonArray().add("history").add("gateway").add("redis").add("clock").add("alerts"))
      .put("redis", new JsonObject()
        .put("url", hub.redisServer().url())
        .put("subscribe", new JsonArray().add("alerts"))
        .put("reconnectMinMillis", 50)
        .put("reconnectMaxMillis", 500));
  }

  /**
   * The hub's Redis connections once the reconnects have settled: polled for up to 5 s, so that a connection being
   * replaced (the new one open, the old one not yet gone) is not counted, while a leaked one, which stays, is. They
   * are counted by role, not compared with the count before the outage: the pools may open more connections after
   * the restart than before it (requests queued during the outage go out at once), up to their size, and that is
   * not a leak. A leaked subscriber or stream reader is: each role has one connection.
   */
  private Connections settledConnections() throws Exception {
    Connections connections = connections();
    for (int i = 0; i < 25 && !connections.settled(); i++) {
      Thread.sleep(200);
      connections = connections();
    }
    return connections;
  }

  private Connections connections() throws Exception {
    List<String> clients = await(hub.redis().send(Command.CLIENT, "LIST")).toString().lines()
      .filter(line -> !line.isBlank())
      .toList();
    long subscribers = clients.stream().filter(line -> !field(line, "sub").equals("0") || !field(line, "psub").equals("0")).count();
    long readers = clients.stream().filter(line -> field(line, "cmd").equals("xread")).count();
    return new Connections(clients.size(), subscribers, readers);
  }

  private static String field(String clientLine, String name) {
    for (String pair : clientLine.split(" ")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return "";
  }

  /** The node's two pooled clients (history, bridge), and the test's own, each at most its pool's size. */
  private static final int MOST_CONNECTIONS = 2 * RedisClients.POOL_SIZE + new RedisOptions().getMaxPoolSize();

  private record Connections(long total, long subscribers, long readers) {
    boolean settled() {
      return subscribers <= 1 && readers <= 1 && total <= MOST_CONNECTIONS;
    }
  }

  private static String alert(int n) {
    return "{\"key\": \"" + n + "\", \"message\": \"Sending Message: " + n + "\"}";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
