package io.ssehub.gateway;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("?format=json: each event unnamed, its data {topic, event, data}, live and replayed")
class JsonViewTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<String> publish(String uri, String body) {
    return hub.post(uri)
      .sendBuffer(Buffer.buffer(body))
      .map(response -> response.bodyAsJsonObject().getString("id"));
  }

  @Test
  @DisplayName("A json stream of two topics names each event's topic; a plain stream of the same topic gets it as published")
  void liveEventsCarryTheirTopic(VertxTestContext testContext) {
    hub.open("/subscribe?topic=news&topic=weather&format=json")
      .compose(json -> hub.open("/topics/weather")
        .compose(plain -> publish("/topics/news", "plain\nnews")
          .compose(news -> publish("/topics/weather?event=forecast", "sunny")
            .compose(weather -> Future.join(json.awaitEvents(2), plain.awaitEvents(1)).map(both -> {
              testContext.verify(() -> {
                assertThat(json.events()).containsExactly(
                  new SseEvent(news, null, "{\"topic\":\"news\",\"data\":\"plain\\nnews\"}"),
                  new SseEvent(weather, null, "{\"topic\":\"weather\",\"event\":\"forecast\",\"data\":\"sunny\"}"));
                assertThat(plain.events()).containsExactly(new SseEvent(weather, "forecast", "sunny"));
              });
              return null;
            })))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A json stream resumed with Last-Event-ID gets the missed events in the json view")
  void replayUsesTheView(VertxTestContext testContext) {
    publish("/topics/replayed", "first")
      .compose(first -> publish("/topics/replayed?event=second", "two")
        .compose(second -> hub.open("/topics/replayed?format=json", MultiMap.caseInsensitiveMultiMap()
            .add("Last-Event-ID", first))
          .compose(stream -> stream.awaitEvents(1))
          .map(events -> {
            testContext.verify(() -> assertThat(events).containsExactly(
              new SseEvent(second, null, "{\"topic\":\"replayed\",\"event\":\"second\",\"data\":\"two\"}")));
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Another format is a 400 that names the two there are")
  void unknownFormat(VertxTestContext testContext) {
    hub.get("/subscribe?topic=news&format=xml")
      .send()
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(response.bodyAsString()).startsWith("The format must be 'sse' (events as published, the default) "
          + "or 'json'");
        testContext.completeNow();
      })));
  }
}
