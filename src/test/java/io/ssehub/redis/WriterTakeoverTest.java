package io.ssehub.redis;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
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

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' Redis bridges on one real redis-server, with the history in Redis, and a writer that died: a lease key
 * {@code ssehub:events:writer} held by a token that no bridge has, as a node killed with -9 leaves it.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Which Redis bridge takes the writer lease over")
class WriterTakeoverTest {

  private static final long LEASE_MILLIS = 9000;
  private static final String LEASE = "ssehub:events:writer";

  private final HubFixture hub = HubFixture.defaults().withRedis();

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("The bridge that kept the dead writer's messages takes over, not one that subscribed after the writer died")
  void standbyThatKeptTheMessagesTakesOver(Vertx vertx) {
    await(hub.redis().send(Command.SET, LEASE, "a-writer-killed-with-9", "PX", "600000"));
    await(TestHub.deploy(vertx, config(hub.port(), "node-b")));
    SseRecorder stream = await(hub.open("/topics/alerts"));
    await(NodeStats.awaitTopicConsumers(vertx, 1));
    sleep(LEASE_MILLIS + 500);
    for (String message : new String[] {"m1", "m2", "m3"}) {
      await(hub.redis().publish("alerts", message));
    }

    await(hub.redis().send(Command.DEL, LEASE));
    await(TestHub.deploy(vertx, config(TestHub.freePort(), "node-c")));
    await(hub.redis().awaitWriterLease("ssehub:events"));
    await(hub.redis().publish("alerts", "m4"));
    await(stream.await(recorder -> recorder.events().stream().anyMatch(event -> event.data().equals("m4"))));

    assertThat(stream.events()).extracting(SseEvent::data).containsExactly("m1", "m2", "m3", "m4");
  }

  private JsonObject config(int gatewayPort, String name) {
    return TestHub.config(gatewayPort, new JsonObject()
      .put("nodeName", name)
      .put("deploy", new JsonArray().add("history").add("gateway").add("redis"))
      .put("redis", new JsonObject()
        .put("url", hub.redisServer().url())
        .put("subscribe", new JsonArray().add("alerts"))
        .put("writerLeaseMillis", LEASE_MILLIS)));
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
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
