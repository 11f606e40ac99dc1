package io.ssehub.history;

import io.ssehub.bus.Publisher;
import io.ssehub.testing.HubFixture;
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

/**
 * {@code GET /topics/{t}/events} and {@code GET /topics/{t}/info} on one node, run against each history store by a
 * subclass.
 */
@ExtendWith(VertxExtension.class)
abstract class TopicReadCases {

  private final HubFixture hub = fixture();
  private Publisher publisher;

  abstract HubFixture fixture();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    publisher = new Publisher(vertx, 5000);
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Without after: the newest limit events; with after: the next ones; an id from before the history: reset")
  void readsPages() throws Exception {
    List<String> ids = await(hub.calls().publishAll("feed", "e", 4));
    await(hub.calls().publish("other", "not-feed"));
    String both = await(publisher.publish(List.of("other", "feed"), "named", "to-both"));

    JsonObject all = await(json("/topics/feed/events"));
    assertThat(ids(all)).containsExactly(ids.get(0), ids.get(1), ids.get(2), ids.get(3), both);
    assertThat(all.getBoolean("reset")).isFalse();
    JsonObject last = all.getJsonArray("events").getJsonObject(4);
    assertThat(last.getString("event")).isEqualTo("named");
    assertThat(last.getString("data")).isEqualTo("to-both");
    assertThat(all.getJsonArray("events").getJsonObject(0).getString("data")).isEqualTo("e0");

    assertThat(ids(await(json("/topics/feed/events?limit=2")))).containsExactly(ids.get(3), both);
    JsonObject next = await(json("/topics/feed/events?after=" + ids.get(0) + "&limit=2"));
    assertThat(ids(next)).containsExactly(ids.get(1), ids.get(2));
    assertThat(next.getBoolean("reset")).isFalse();
    assertThat(ids(await(json("/topics/other/events?after=" + ids.get(3))))).hasSize(2).endsWith(both);
    JsonObject tooOld = await(json("/topics/feed/events?after=1-0"));
    assertThat(tooOld.getBoolean("reset")).isTrue();
    assertThat(ids(tooOld)).hasSize(5);
    JsonObject unknown = await(json("/topics/nothing-here/events"));
    assertThat(unknown.getJsonArray("events")).isEmpty();
  }

  @Test
  @DisplayName("Info names the topic, its subscribers on this node, its newest id and how many events it retains")
  void info() throws Exception {
    SseRecorder one = await(hub.open("/topics/feed"));
    SseRecorder two = await(hub.open("/subscribe?topic=feed&topic=other"));
    List<String> ids = await(hub.calls().publishAll("feed", "e", 3));

    JsonObject info = await(json("/topics/feed/info"));
    assertThat(info).isEqualTo(new JsonObject().put("topic", "feed").put("subscribers", 2)
      .put("lastEventId", ids.get(2)).put("retained", 3));
    JsonObject empty = await(json("/topics/quiet/info"));
    assertThat(empty).isEqualTo(new JsonObject().put("topic", "quiet").put("subscribers", 0)
      .putNull("lastEventId").put("retained", 0));
    await(one.close());
    await(two.close());
  }

  @Test
  @DisplayName("A bad limit, a malformed after id or an invalid topic name is a 400 with a sentence")
  void badQueries() throws Exception {
    for (String uri : List.of("/topics/feed/events?limit=0", "/topics/feed/events?limit=1001",
      "/topics/feed/events?limit=ten", "/topics/feed/events?after=garbage", "/topics/feed/events?after=1-x",
      "/topics/bad%20topic/events", "/topics/bad%20topic/info")) {
      HttpResponse<Buffer> answer = await(hub.get(uri).send());
      assertThat(answer.statusCode()).as(uri).isEqualTo(400);
      assertThat(answer.getHeader("Content-Type")).as(uri).startsWith("text/plain");
      assertThat(answer.bodyAsString()).as(uri).endsWith(".\n");
    }
  }

  private Future<JsonObject> json(String uri) {
    return hub.get(uri).send().map(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.bodyAsString());
      }
      return response.bodyAsJsonObject();
    });
  }

  private static List<String> ids(JsonObject page) {
    JsonArray events = page.getJsonArray("events");
    return events.stream().map(event -> ((JsonObject) event).getString("id")).toList();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
