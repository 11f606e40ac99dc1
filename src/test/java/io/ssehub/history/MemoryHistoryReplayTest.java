package io.ssehub.history;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The in-memory history store keeps its replay and gap behaviour behind the HistoryStore interface")
class MemoryHistoryReplayTest {

  private final HubFixture hub = HubFixture.with(new JsonObject().put("history", new JsonObject().put("maxEvents", 2)));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Last-Event-ID replays the later events of several topics in id order, without a reset")
  void replaysAfterId(VertxTestContext testContext) {
    post("a", "1")
      .compose(first -> post("b", "2").compose(v -> post("a", "3")).map(first))
      .compose(first -> hub.open("/subscribe?topic=a&topic=b", lastEventId(first)))
      .compose(stream -> stream.awaitEvents(2))
      .onComplete(testContext.succeeding(events -> testContext.verify(() -> {
        assertThat(events).extracting(SseEvent::data).containsExactly("2", "3");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("An id older than what the bounds kept gets a reset event for the topic, then what is kept")
  void gapAfterTrim(VertxTestContext testContext) {
    post("a", "1")
      .compose(first -> post("a", "2").compose(v -> post("a", "3")).compose(v -> post("a", "4")).map(first))
      .compose(first -> hub.open("/topics/a", lastEventId(first)))
      .compose(stream -> stream.awaitEvents(3))
      .onComplete(testContext.succeeding(events -> testContext.verify(() -> {
        assertThat(events.get(0).event()).isEqualTo("reset");
        assertThat(events.subList(1, 3)).extracting(SseEvent::data).containsExactly("3", "4");
        testContext.completeNow();
      })));
  }

  private Future<String> post(String topic, String data) {
    return hub.post("/topics/" + topic).sendBuffer(Buffer.buffer(data))
      .map(response -> response.bodyAsJsonObject().getString("id"));
  }

  private static MultiMap lastEventId(String id) {
    return MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", id);
  }
}
