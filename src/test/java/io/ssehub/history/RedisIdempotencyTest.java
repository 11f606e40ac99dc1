package io.ssehub.history;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes, each in its own Vert.x with its own bus, that share their history in one real redis-server: an
 * idempotency key is known to both, so a retry sent to the other node is not published again.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("POST /publish with an idempotencyKey, on two nodes sharing the history in Redis")
class RedisIdempotencyTest {

  private static final int MAX_AGE_SECONDS = 600;

  private final HubFixture hub = HubFixture.with(fixture -> node(fixture, "node-a")).withRedis();
  private final int otherPort = TestHub.freePort();
  private Vertx otherVertx;
  private WebClient otherWeb;
  private SseClient otherSse;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    otherVertx = Vertx.vertx();
    otherWeb = WebClient.create(otherVertx);
    otherSse = new SseClient(otherVertx);
    hub.deploy(vertx)
      .compose(v -> TestHub.deploy(otherVertx, TestHub.config(otherPort, node(hub, "node-b"))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() throws Exception {
    otherVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    hub.close();
  }

  private static JsonObject node(HubFixture fixture, String name) {
    return new JsonObject()
      .put("nodeName", name)
      .put("deploy", new JsonArray().add("history").add("gateway"))
      .put("history", new JsonObject().put("maxAgeSeconds", MAX_AGE_SECONDS))
      .put("redis", new JsonObject().put("url", fixture.redisServer().url()));
  }

  @Test
  @DisplayName("The retry on the other node gets the first id with duplicate: true; each node's stream gets it once")
  void retryOnTheOtherNode() throws Exception {
    SseRecorder onA = await(hub.open("/topics/orders"));
    SseRecorder onB = await(otherSse.open(otherPort, "/topics/orders"));
    String body = new JsonObject().put("topics", new JsonArray().add("orders").add("audit")).put("data", "paid")
      .put("idempotencyKey", "payment-9").encode();

    HttpResponse<Buffer> first = await(hub.post("/publish").putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(body)));
    HttpResponse<Buffer> retry = await(otherWeb.post(otherPort, "127.0.0.1", "/publish")
      .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
    String marker = await(hub.calls().publish("orders", "marker"));

    assertThat(first.statusCode()).isEqualTo(201);
    String id = first.bodyAsJsonObject().getString("id");
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.bodyAsJsonObject().getString("id")).isEqualTo(id);
    assertThat(retry.bodyAsJsonObject().getBoolean("duplicate")).isTrue();
    assertThat(await(onA.awaitEvents(2))).extracting(SseEvent::id).containsExactly(id, marker);
    assertThat(await(onB.awaitEvents(2))).extracting(SseEvent::id).containsExactly(id, marker);
    Response entries = await(hub.redis().send(Command.XLEN, "ssehub:events"));
    assertThat(entries.toLong()).isEqualTo(2);
    Response ttl = await(hub.redis().send(Command.PTTL, "ssehub:events:idempotency:audit,orders|payment-9"));
    assertThat(ttl.toLong()).isBetween(1L, MAX_AGE_SECONDS * 1000L);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
