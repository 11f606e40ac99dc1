package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("With auth on, POST /publish needs a publish claim covering every topic; the read routes, a private topic's owner")
class PublishAuthTest {

  private final HubFixture hub = HubFixture.with(new JsonObject().put("auth", Tokens.authSection()));
  private Tokens tokens;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    tokens = new Tokens(vertx);
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("No token is 401; a token missing one topic of an event or of a batch is 403 and nothing is published")
  void claimCoversEveryTopic() throws Exception {
    SseRecorder stream = await(hub.open("/subscribe?topic=news&topic=sports.live&topic=secret"));
    String desk = tokens.publisher("news", "sports.*");
    JsonObject toAll = new JsonObject().put("topics", new JsonArray().add("news").add("secret")).put("data", "x");
    JsonArray batch = new JsonArray()
      .add(new JsonObject().put("topic", "news").put("data", "first"))
      .add(new JsonObject().put("topic", "secret").put("data", "second"));

    HttpResponse<Buffer> none = await(post(null, toAll.encode()));
    HttpResponse<Buffer> oneMissing = await(post(desk, toAll.encode()));
    HttpResponse<Buffer> batchMissing = await(post(desk, batch.encode()));
    HttpResponse<Buffer> covered = await(post(desk, new JsonObject()
      .put("topics", new JsonArray().add("news").add("sports.live")).put("data", "ok").encode()));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(oneMissing.statusCode()).isEqualTo(403);
    assertThat(oneMissing.bodyAsString()).contains("'secret'");
    assertThat(batchMissing.statusCode()).isEqualTo(403);
    assertThat(covered.statusCode()).isEqualTo(201);
    assertThat(await(stream.awaitEvents(1))).extracting(SseEvent::data).containsExactly("ok");
    assertThat(stream.events()).hasSize(1);
  }

  @Test
  @DisplayName("A body that is not JSON is still refused with a sentence, and publishes nothing")
  void malformedBodyWithToken() throws Exception {
    HttpResponse<Buffer> answer = await(post(tokens.publisher("news"), "{not json"));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.bodyAsString()).contains("not valid JSON");
  }

  @Test
  @DisplayName("The events and info of a private topic need its owner's token; a public topic's need none")
  void readRoutesOfPrivateTopics() throws Exception {
    for (String uri : List.of("/topics/v2.user.alice/events", "/topics/v2.user.alice/info")) {
      assertThat(await(get(uri, null)).statusCode()).as(uri).isEqualTo(401);
      assertThat(await(get(uri, tokens.user("bob"))).statusCode()).as(uri).isEqualTo(403);
      assertThat(await(get(uri, tokens.user("alice"))).statusCode()).as(uri).isEqualTo(200);
    }
    assertThat(await(get("/topics/news/events", null)).statusCode()).isEqualTo(200);
    assertThat(await(get("/topics/news/info", null)).statusCode()).isEqualTo(200);
  }

  private Future<HttpResponse<Buffer>> get(String uri, String bearer) {
    HttpRequest<Buffer> request = hub.get(uri);
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    return request.send();
  }

  private Future<HttpResponse<Buffer>> post(String bearer, String body) {
    HttpRequest<Buffer> request = hub.post("/publish").putHeader("Content-Type", "application/json");
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
