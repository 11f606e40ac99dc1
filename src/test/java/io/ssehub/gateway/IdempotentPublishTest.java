package io.ssehub.gateway;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("POST /publish with an idempotencyKey, on one node with the in-memory history")
class IdempotentPublishTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("A retry with the same key is answered 200 with the first id and duplicate: true, and delivered once")
  void retryIsAnsweredWithTheFirstId() throws Exception {
    SseRecorder stream = await(hub.open("/subscribe?topic=a&topic=b"));
    JsonObject event = new JsonObject().put("topics", new JsonArray().add("a").add("b")).put("data", "once")
      .put("idempotencyKey", "order-17");

    HttpResponse<Buffer> first = await(post(event.encode()));
    HttpResponse<Buffer> retry = await(post(event.encode()));
    HttpResponse<Buffer> reordered = await(post(event.copy().put("topics", new JsonArray().add("b").add("a"))
      .encode()));
    HttpResponse<Buffer> otherTopics = await(post(event.copy().put("topics", new JsonArray().add("a")).encode()));
    String marker = await(hub.calls().publish("b", "marker"));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject().containsKey("duplicate")).isFalse();
    String id = first.bodyAsJsonObject().getString("id");
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(retry.bodyAsJsonObject().getBoolean("duplicate")).isTrue();
    assertThat(reordered.statusCode()).isEqualTo(200);
    assertThat(reordered.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(otherTopics.statusCode()).isEqualTo(201);
    String otherId = otherTopics.bodyAsJsonObject().getString("id");
    assertThat(otherId).isNotEqualTo(id);
    assertThat(await(stream.awaitEvents(3))).extracting(SseEvent::id).containsExactly(id, otherId, marker);
    assertThat(stream.events()).hasSize(3);
  }

  @Test
  @DisplayName("In a batch, an event whose key was seen is a duplicate result; a batch of only duplicates is 200")
  void batchWithDuplicates() throws Exception {
    SseRecorder stream = await(hub.open("/topics/orders"));
    JsonObject one = new JsonObject().put("topic", "orders").put("data", "1").put("idempotencyKey", "k1");
    JsonObject two = new JsonObject().put("topic", "orders").put("data", "2").put("idempotencyKey", "k2");

    HttpResponse<Buffer> first = await(post(new JsonArray().add(one).add(one).encode()));
    HttpResponse<Buffer> second = await(post(new JsonArray().add(one).add(two).encode()));
    HttpResponse<Buffer> third = await(post(new JsonArray().add(two).add(one).encode()));

    assertThat(first.statusCode()).isEqualTo(201);
    JsonArray firstResults = first.bodyAsJsonObject().getJsonArray("results");
    String id1 = firstResults.getJsonObject(0).getString("id");
    assertThat(firstResults.getJsonObject(1).getString("id")).isEqualTo(id1);
    assertThat(firstResults.getJsonObject(1).getBoolean("duplicate")).isTrue();
    assertThat(second.statusCode()).isEqualTo(201);
    JsonArray secondResults = second.bodyAsJsonObject().getJsonArray("results");
    assertThat(secondResults.getJsonObject(0).getBoolean("duplicate")).isTrue();
    String id2 = secondResults.getJsonObject(1).getString("id");
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(third.bodyAsJsonObject().getJsonArray("results").stream()
      .map(result -> ((JsonObject) result).getString("id"))).containsExactly(id2, id1);
    String marker = await(hub.calls().publish("orders", "marker"));
    assertThat(await(stream.awaitEvents(3))).extracting(SseEvent::id).containsExactly(id1, id2, marker);
  }

  private Future<HttpResponse<Buffer>> post(String body) {
    return hub.post("/publish").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
