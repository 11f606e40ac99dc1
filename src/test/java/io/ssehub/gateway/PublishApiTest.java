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

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("POST /publish: JSON events of one or several topics, one or a batch")
class PublishApiTest {

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("gateway", new JsonObject().put("maxTopicsPerStream", 3).put("maxBatch", 3))
    .put("limits", new JsonObject().put("maxEventBytes", 64)));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("One event to two topics is answered 201 with its one id, and reaches each stream once")
  void oneEventToTwoTopics() throws Exception {
    SseRecorder both = await(hub.open("/subscribe?topic=a&topic=b"));
    SseRecorder onlyB = await(hub.open("/topics/b"));

    HttpResponse<Buffer> answer = await(post(new JsonObject()
      .put("topics", new JsonArray().add("a").add("b").add("a"))
      .put("event", "news")
      .put("data", "hello")));
    String last = await(hub.calls().publish("b", "last"));

    assertThat(answer.statusCode()).isEqualTo(201);
    JsonObject body = answer.bodyAsJsonObject();
    assertThat(body.getJsonArray("topics")).containsExactly("a", "b");
    List<SseEvent> ofBoth = await(both.awaitEvents(2));
    assertThat(ofBoth).extracting(SseEvent::id).containsExactly(body.getString("id"), last);
    assertThat(ofBoth.get(0).event()).isEqualTo("news");
    assertThat(ofBoth.get(0).data()).isEqualTo("hello");
    assertThat(await(onlyB.awaitEvents(2))).extracting(SseEvent::id).containsExactly(body.getString("id"), last);
  }

  @Test
  @DisplayName("\"topic\" names one topic, and data that is not a string is sent as its JSON text")
  void oneTopicAndJsonData() throws Exception {
    SseRecorder stream = await(hub.open("/topics/news"));
    HttpResponse<Buffer> answer = await(post(new JsonObject()
      .put("topic", "news")
      .put("data", new JsonObject().put("n", 1).put("tags", new JsonArray().add("x")))));
    HttpResponse<Buffer> number = await(post(new JsonObject().put("topic", "news").put("data", 42)));

    assertThat(answer.statusCode()).isEqualTo(201);
    assertThat(answer.bodyAsJsonObject().getJsonArray("topics")).containsExactly("news");
    assertThat(number.statusCode()).isEqualTo(201);
    List<SseEvent> events = await(stream.awaitEvents(2));
    assertThat(new JsonObject(events.get(0).data())).isEqualTo(new JsonObject().put("n", 1)
      .put("tags", new JsonArray().add("x")));
    assertThat(events.get(0).event()).isNull();
    assertThat(events.get(1).data()).isEqualTo("42");
  }

  @Test
  @DisplayName("A JSON array is a batch: 201 with the ids in order, delivered in that order")
  void batchInOrder() throws Exception {
    SseRecorder stream = await(hub.open("/subscribe?topic=x&topic=y"));
    HttpResponse<Buffer> answer = await(post(new JsonArray()
      .add(new JsonObject().put("topic", "x").put("data", "1"))
      .add(new JsonObject().put("topics", new JsonArray().add("x").add("y")).put("data", "2"))
      .add(new JsonObject().put("topic", "y").put("data", "3"))));

    assertThat(answer.statusCode()).isEqualTo(201);
    JsonArray results = answer.bodyAsJsonObject().getJsonArray("results");
    assertThat(results).hasSize(3);
    assertThat(results.getJsonObject(1).getJsonArray("topics")).containsExactly("x", "y");
    List<String> ids = results.stream().map(result -> ((JsonObject) result).getString("id")).toList();
    List<SseEvent> events = await(stream.awaitEvents(3));
    assertThat(events).extracting(SseEvent::id).containsExactlyElementsOf(ids);
    assertThat(events).extracting(SseEvent::data).containsExactly("1", "2", "3");
  }

  @Test
  @DisplayName("Bad bodies get a 4xx with a sentence, and a batch with one bad event publishes nothing")
  void badInputIsRefusedWhole() throws Exception {
    SseRecorder stream = await(hub.open("/subscribe?topic=x&topic=y"));
    JsonObject good = new JsonObject().put("topic", "x").put("data", "good");

    assertRefused(await(postText("{\"topic\": \"x\", ", "application/json")), 400, "not valid JSON");
    assertRefused(await(postText("\"just text\"", "application/json")), 400, "not a JSON object or array");
    assertRefused(await(postText(good.encode(), "text/plain")), 415, "Content-Type: application/json");
    assertRefused(await(postText(good.encode(), null)), 415, "Content-Type: application/json");
    assertRefused(await(post(new JsonObject().put("data", "x"))), 400, "names no topic");
    assertRefused(await(post(new JsonObject().put("topics", new JsonArray()).put("data", "x"))), 400, "names no topic");
    assertRefused(await(post(new JsonObject().put("topics", "x").put("data", "x"))), 400, "names no topic");
    assertRefused(await(post(new JsonObject().put("topic", "bad topic").put("data", "x"))), 400,
      "invalid topic \"bad topic\"");
    assertRefused(await(post(new JsonObject().put("topics", new JsonArray().add("a").add("b").add("c").add("d"))
      .put("data", "x"))), 400, "at most 3 (gateway.maxTopicsPerStream)");
    assertRefused(await(post(new JsonObject().put("topic", "x").put("event", "a\r\nid: 1").put("data", "x"))), 400,
      "no CR, LF or NUL");
    assertRefused(await(post(new JsonObject().put("topic", "x"))), 400, "has no \"data\"");
    assertRefused(await(post(new JsonObject().put("topic", "x").put("data", "y".repeat(65)))), 413,
      "limits.maxEventBytes");
    assertRefused(await(post(new JsonArray().add(good).add(good).add(good).add(good))), 413,
      "at most 3 events (gateway.maxBatch)");
    assertRefused(await(post(new JsonArray())), 400, "The batch is empty");
    assertRefused(await(post(new JsonArray().add(good).add(new JsonObject().put("topic", "y").put("data", "z")
      .put("event", "two\nlines")))), 400, "Event 2 of the batch has an event name");
    assertRefused(await(post(new JsonArray().add(good).add("text"))), 400, "Event 2 of the batch is not a JSON object");

    String marker = await(hub.calls().publish("y", "marker"));
    List<SseEvent> events = await(stream.awaitEvents(1));
    assertThat(events).extracting(SseEvent::id).containsExactly(marker);
    assertThat(stream.events()).hasSize(1);
  }

  private static void assertRefused(HttpResponse<Buffer> answer, int status, String sentencePart) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(status);
    assertThat(answer.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(answer.bodyAsString()).containsIgnoringCase(sentencePart).endsWith(".\n");
  }

  private Future<HttpResponse<Buffer>> post(Object json) {
    return postText(json instanceof JsonArray array ? array.encode() : ((JsonObject) json).encode(), "application/json");
  }

  private Future<HttpResponse<Buffer>> postText(String body, String contentType) {
    var request = hub.post("/publish");
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
