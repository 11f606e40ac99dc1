package io.ssehub.history;

import io.ssehub.bus.Addresses;
import io.ssehub.config.HubConfig;
import io.ssehub.node.NodeContext;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HistoryVerticle deployed alone, with a node context and no gateway")
class HistoryVerticleTest {

  private NodeContext node;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    HubConfig config = HubConfig.from(new JsonObject().put("limits", new JsonObject().put("maxEventBytes", 16)));
    node = NodeContext.create(vertx, config, null, List.of());
    vertx.deployVerticle(new HistoryVerticle(config.history(), new MemoryHistoryStore(config.history()), node))
      .onComplete(testContext.succeedingThenComplete());
  }

  /** The node's meters leave the JVM-wide registry with it, as {@code HubVerticle} does when a node stops. */
  @AfterEach
  void closeMeters() {
    node.metrics().close();
  }

  @Test
  @DisplayName("A publish is answered with its id, goes out on the topic's address, and is replayed after an earlier id")
  void publishThenReplay(Vertx vertx, VertxTestContext testContext) {
    Checkpoint delivered = testContext.checkpoint();
    Checkpoint replayed = testContext.checkpoint();
    vertx.eventBus().<JsonObject>consumer(Addresses.topic("news"), message -> testContext.verify(() -> {
      assertThat(message.body().getString("data")).isIn("first", "second");
      if ("second".equals(message.body().getString("data"))) {
        delivered.flag();
      }
    })).completion()
      .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.PUBLISH, publish("first")))
      .compose(first -> vertx.eventBus().<JsonObject>request(Addresses.PUBLISH, publish("second"))
        .compose(second -> vertx.eventBus().<JsonObject>request(Addresses.REPLAY, new JsonObject()
          .put("topics", new JsonArray().add("news"))
          .put("lastEventId", first.body().getString("id")))))
      .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
        JsonArray events = reply.body().getJsonArray("events");
        assertThat(events).hasSize(1);
        assertThat(events.getJsonObject(0).getString("data")).isEqualTo("second");
        replayed.flag();
      })));
  }

  @Test
  @DisplayName("Data over limits.maxEventBytes is refused with 413 and a sentence naming the limit")
  void tooLarge(Vertx vertx, VertxTestContext testContext) {
    vertx.eventBus().request(Addresses.PUBLISH, publish("seventeen bytes!!"))
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(((ReplyException) failure).failureCode()).isEqualTo(413);
        assertThat(failure.getMessage()).contains("limit of 16", "limits.maxEventBytes");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A publish that names both topic and topics is refused with 400, so a check of topic alone cannot be passed by")
  void topicAndTopicsTogether(Vertx vertx, VertxTestContext testContext) {
    vertx.eventBus().request(Addresses.PUBLISH, publish("x").put("topics", new JsonArray().add("secret")))
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
        assertThat(failure.getMessage()).contains("not both");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("It owns the node's fanout, which answers the node's stats")
  void ownsTheFanout(Vertx vertx, VertxTestContext testContext) {
    vertx.eventBus().<JsonObject>request(Addresses.NODE_STATS, new JsonObject())
      .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
        assertThat(reply.body().getInteger("openStreams")).isZero();
        assertThat(reply.body().getInteger("topicConsumers")).isZero();
        testContext.completeNow();
      })));
  }

  private static JsonObject publish(String data) {
    return new JsonObject().put("topic", "news").put("data", data);
  }
}
