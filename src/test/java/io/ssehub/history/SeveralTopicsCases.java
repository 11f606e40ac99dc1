package io.ssehub.history;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Publisher;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * What every history store keeps true for an event of several topics, run against each store by a subclass: one
 * id, each stream gets it once however many of its topics it follows, and a replay gives it once.
 */
@ExtendWith(VertxExtension.class)
abstract class SeveralTopicsCases {

  private final HubFixture hub = fixture();
  private Publisher publisher;

  /** The node under test, with the store under test. */
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
  @DisplayName("One event to topics a and b: a stream of both gets it once, a stream of each gets it, with one id")
  void eachStreamGetsTheEventOnce() throws Exception {
    SseRecorder both = await(hub.open("/subscribe?topic=a&topic=b"));
    SseRecorder onlyA = await(hub.open("/topics/a"));
    SseRecorder onlyB = await(hub.open("/topics/b"));

    String mark = await(hub.calls().publish("a", "mark"));
    String id = await(publisher.publish(List.of("a", "b"), "news", "to-both"));
    String last = await(hub.calls().publish("b", "last"));

    List<SseEvent> ofBoth = await(both.awaitEvents(3));
    List<SseEvent> ofA = await(onlyA.awaitEvents(2));
    List<SseEvent> ofB = await(onlyB.awaitEvents(2));
    assertThat(ofBoth).extracting(SseEvent::data).containsExactly("mark", "to-both", "last");
    assertThat(ofBoth).extracting(SseEvent::id).containsExactly(mark, id, last);
    assertThat(ofBoth.get(1).event()).isEqualTo("news");
    assertThat(ofA).extracting(SseEvent::id).containsExactly(mark, id);
    assertThat(ofB).extracting(SseEvent::id).containsExactly(id, last);
    assertThat(ofB.get(0).data()).isEqualTo("to-both");
    assertThat(both.events()).hasSize(3);
  }

  @Test
  @DisplayName("A replay after an earlier id gives the event of several topics once, to a stream of both")
  void replayGivesTheEventOnce(Vertx vertx) throws Exception {
    String mark = await(hub.calls().publish("a", "mark"));
    String id = await(publisher.publish(List.of("a", "b"), null, "to-both"));
    String later = await(hub.calls().publish("b", "later"));

    JsonObject replay = await(vertx.eventBus().<JsonObject>request(Addresses.REPLAY, new JsonObject()
      .put("topics", new JsonArray().add("a").add("b"))
      .put("lastEventId", mark))).body();
    assertThat(replay.getJsonArray("events").stream().map(event -> ((JsonObject) event).getString("id")))
      .containsExactly(id, later);

    SseRecorder both = await(hub.open("/subscribe?topic=a&topic=b",
      MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", mark)));
    SseRecorder onlyB = await(hub.open("/topics/b", MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", mark)));
    String live = await(hub.calls().publish("a", "live"));

    assertThat(await(both.awaitEvents(3))).extracting(SseEvent::id).containsExactly(id, later, live);
    assertThat(both.events()).extracting(SseEvent::data).containsExactly("to-both", "later", "live");
    assertThat(await(onlyB.awaitEvents(2))).extracting(SseEvent::id).containsExactly(id, later);
    assertThat(both.lines()).noneMatch(line -> line.equals("event: reset"));
  }

  @Test
  @DisplayName("In the JSON view an event of several topics names them all beside its first topic")
  void jsonViewNamesEveryTopic() throws Exception {
    SseRecorder onlyB = await(hub.open("/topics/b?format=json"));
    String id = await(publisher.publish(List.of("a", "b"), "news", "to-both"));

    SseEvent event = await(onlyB.awaitEvents(1)).get(0);
    assertThat(event.id()).isEqualTo(id);
    assertThat(new JsonObject(event.data())).isEqualTo(new JsonObject().put("topic", "a")
      .put("topics", new JsonArray().add("a").add("b")).put("event", "news").put("data", "to-both"));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
