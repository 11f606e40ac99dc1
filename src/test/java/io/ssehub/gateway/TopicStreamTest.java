package io.ssehub.gateway;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Topic streams: publish, subscribe, ids and the SSE wire format")
class TopicStreamTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<HttpResponse<Buffer>> publish(String uri, String body) {
    return hub.post(uri).sendBuffer(Buffer.buffer(body));
  }

  @Test
  @DisplayName("A published event reaches a subscriber with its id, name and data, under the SSE headers")
  void publishReachesSubscriber(VertxTestContext testContext) {
    hub.open("/topics/news")
      .compose(stream -> publish("/topics/news?event=headline", "hello world")
        .compose(published -> stream.awaitEvents(1).map(events -> {
          testContext.verify(() -> {
            assertThat(published.statusCode()).isEqualTo(201);
            JsonObject answer = published.bodyAsJsonObject();
            assertThat(answer.getString("topic")).isEqualTo("news");
            assertThat(events).containsExactly(new SseEvent(answer.getString("id"), "headline", "hello world"));
            assertThat(stream.headers().get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            assertThat(stream.headers().get("Cache-Control")).isEqualTo("no-cache");
            assertThat(stream.headers().get("X-Accel-Buffering")).isEqualTo("no");
            assertThat(stream.lines()).startsWith("retry: 3000", "");
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("One stream of several topics gets the events of each, and none of another topic")
  void subscribeToSeveralTopics(VertxTestContext testContext) {
    hub.open("/subscribe?topic=a&topic=b")
      .compose(stream -> publish("/topics/a", "one")
        .compose(v -> publish("/topics/other", "not for this stream"))
        .compose(v -> publish("/topics/b", "two"))
        .compose(v -> stream.awaitEvents(2))
        .map(events -> {
          testContext.verify(() -> assertThat(events).extracting(SseEvent::data).containsExactly("one", "two"));
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Multi-line data arrives as several data lines and is rebuilt exactly")
  void multiLineData(VertxTestContext testContext) {
    hub.open("/topics/lines")
      .compose(stream -> publish("/topics/lines", "first\nsecond\r\nthird\rfourth")
        .compose(v -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(events.get(0).data()).isEqualTo("first\nsecond\nthird\nfourth");
            assertThat(stream.lines()).containsSequence("data: first", "data: second", "data: third", "data: fourth", "");
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Bad topic names, bad event names and invalid UTF-8 get a 400 with a sentence")
  void badInputIsRefused(VertxTestContext testContext) {
    Future.all(List.of(
        hub.get("/topics/bad%20name").send(),
        publish("/topics/news?event=a%0D%0Adata:%20forged", "x"),
        hub.post("/topics/news").sendBuffer(Buffer.buffer(new byte[] {(byte) 0xC3, (byte) 0x28})),
        hub.get("/subscribe").send()))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        List<HttpResponse<Buffer>> responses = all.list();
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(400));
        assertThat(responses.get(0).bodyAsString()).contains("Invalid topic name");
        assertThat(responses.get(1).bodyAsString()).contains("no CR, LF or NUL");
        assertThat(responses.get(2).bodyAsString()).contains("not valid UTF-8");
        assertThat(responses.get(3).bodyAsString()).contains("Name at least one topic");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A keep-alive comment arrives after the configured quiet time")
  void keepAlive(Vertx vertx, VertxTestContext testContext) {
    int quietPort = TestHub.freePort();
    TestHub.deploy(vertx, TestHub.config(quietPort, new JsonObject()
        .put("gateway", new JsonObject().put("keepAliveSeconds", 1))))
      .compose(id -> hub.sse().open(quietPort, "/topics/quiet"))
      .compose(stream -> stream.awaitComments(2).map(v -> {
        testContext.verify(() -> assertThat(stream.comments()).startsWith("keep-alive", "keep-alive"));
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Once a client has the response headers, it gets every event published after them")
  void headersMeanSubscribed(VertxTestContext testContext) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < 100; i++) {
      String topic = "fresh" + i;
      chain = chain.compose(v -> hub.open("/topics/" + topic)
        .compose(stream -> publish("/topics/" + topic, "first")
          .compose(published -> stream.awaitEvents(1))
          .compose(events -> stream.close())));
    }
    chain.onComplete(testContext.succeedingThenComplete());
  }

  static MultiMap lastEventId(String id) {
    return MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", id);
  }
}
