package io.ssehub;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first step of a node's shutdown, {@link HubVerticle#stopInputs()}: the Redis bridge and the generator stop
 * while the gateway still serves, and an open stream stays open. (Kafka's part is shown by KafkaShutdownIT.)
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Stopping a node's inputs before its gateway")
class InputsFirstTest {

  private final HubFixture hub = HubFixture.defaults().withRedis();
  private final HubVerticle node = new HubVerticle();

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("The Redis bridge unsubscribes, while the open stream stays open")
  void redisBridgeStopsBeforeStreams(Vertx vertx, VertxTestContext testContext) throws Exception {
    await(deploy(vertx, "redis").compose(id -> hub.redis().awaitSubscribers("alerts", 1)));
    SseRecorder alerts = await(hub.open("/sse"));
    await(NodeStats.awaitTopicConsumers(vertx, 1));
    await(hub.redis().publish("alerts", "{\"key\": \"1\", \"message\": \"before\"}"));
    await(alerts.awaitEvents(1));

    await(node.stopInputs());
    int subscribers = await(hub.redis().send(Command.PUBSUB, "NUMSUB", "alerts")).get(1).toInteger();

    testContext.verify(() -> {
      assertThat(subscribers).as("subscribers of the Redis channel alerts once the inputs stopped").isZero();
      assertThat(alerts.ended()).as("the stream ended").isFalse();
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("The generator publishes no more, while the open stream stays open")
  void generatorStopsBeforeStreams(Vertx vertx, VertxTestContext testContext) throws Exception {
    await(deploy(vertx, "generator"));
    SseRecorder alerts = await(hub.open("/sse"));
    await(alerts.awaitEvents(1));

    await(node.stopInputs());
    int received = alerts.events().size();
    Thread.sleep(3000);

    testContext.verify(() -> {
      assertThat(alerts.events()).as("alerts after the inputs stopped (the generator runs every second)")
        .hasSize(received);
      assertThat(alerts.ended()).as("the stream ended").isFalse();
    });
    testContext.completeNow();
  }

  /** History and gateway, and {@code input}: with Redis for the bridge, without Redis for the generator. */
  private Future<String> deploy(Vertx vertx, String input) {
    JsonObject overrides = new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add(input).add("alerts"))
      .put("generator", new JsonObject().put("delaySeconds", 1));
    if (input.equals("redis")) {
      overrides.put("redis", new JsonObject()
        .put("url", hub.redisServer().url())
        .put("history", false)
        .put("subscribe", new JsonArray().add("alerts")));
    }
    return hub.deploy(node, overrides);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
