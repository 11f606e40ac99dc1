package io.ssehub.gateway;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Reconnecting with Last-Event-ID replays what the client missed")
class ReplayTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<String> deploy(JsonObject history) {
    return hub.deploy(new JsonObject().put("history", history));
  }

  private static MultiMap lastEventId(String id) {
    return MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", id);
  }

  @Test
  @DisplayName("The header replays exactly the missed events, in order, then live ones, with no duplicate")
  void headerReplaysMissedEvents(Vertx vertx, VertxTestContext testContext) {
    deploy(new JsonObject())
      .compose(v -> hub.open("/topics/feed"))
      .compose(first -> hub.calls().publishAll("feed", "seen-", 5)
        .compose(ids -> first.awaitEvents(5))
        .compose(seen -> first.close().map(seen)))
      .compose(seen -> hub.calls().publishAll("feed", "missed-", 5)
        .compose(missedIds -> hub.open("/topics/feed", lastEventId(seen.get(4).id()))
          .compose(second -> hub.calls().publish("feed", "live")
            .compose(liveId -> second.awaitEvents(6))
            .map(events -> {
              testContext.verify(() -> {
                assertThat(events).extracting(SseEvent::data)
                  .containsExactly("missed-0", "missed-1", "missed-2", "missed-3", "missed-4", "live");
                assertThat(events.subList(0, 5)).extracting(SseEvent::id).containsExactlyElementsOf(missedIds);
                assertThat(second.events()).hasSize(6);
                assertThat(second.lines()).noneMatch(line -> line.equals("event: reset"));
              });
              return null;
            }))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("The lastEventId query parameter works like the header, across the topics of one stream")
  void queryParameterAcrossTopics(Vertx vertx, VertxTestContext testContext) {
    deploy(new JsonObject())
      .compose(v -> hub.calls().publish("x", "before"))
      .compose(mark -> hub.calls().publish("x", "x1")
        .compose(v -> hub.calls().publish("y", "y1"))
        .compose(v -> hub.calls().publish("z", "z1"))
        .compose(v -> hub.calls().publish("x", "x2"))
        .compose(v -> hub.open("/subscribe?topic=x&topic=y&lastEventId=" + mark)))
      .compose(stream -> stream.awaitEvents(3).map(events -> {
        testContext.verify(() -> assertThat(events).extracting(SseEvent::data).containsExactly("x1", "y1", "x2"));
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("When the history no longer reaches back, a reset event says so before the retained events")
  void resetWhenHistoryIsTooShort(Vertx vertx, VertxTestContext testContext) {
    deploy(new JsonObject().put("maxEvents", 3))
      .compose(v -> hub.calls().publishAll("short", "e", 6))
      .compose(ids -> hub.open("/topics/short", lastEventId(ids.get(0)))
        .compose(stream -> stream.awaitEvents(4).map(events -> {
          testContext.verify(() -> {
            assertThat(events.get(0).event()).isEqualTo("reset");
            JsonObject notice = new JsonObject(events.get(0).data());
            assertThat(notice.getString("topic")).isEqualTo("short");
            assertThat(notice.getString("lastEventId")).isEqualTo(ids.get(0));
            assertThat(events.subList(1, 4)).extracting(SseEvent::data).containsExactly("e3", "e4", "e5");
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Events older than the configured age are not replayed, and the reset says so")
  void resetWhenEventsExpired(Vertx vertx, VertxTestContext testContext) {
    deploy(new JsonObject().put("maxAgeSeconds", 1))
      .compose(v -> hub.calls().publishAll("aging", "old", 2))
      .compose(ids -> {
        Promise<Void> later = Promise.promise();
        vertx.setTimer(1300, t -> later.complete());
        return later.future().compose(v -> hub.calls().publish("aging", "fresh"))
          .compose(v -> hub.open("/topics/aging", lastEventId(ids.get(0))));
      })
      .compose(stream -> stream.awaitEvents(2).map(events -> {
        testContext.verify(() -> {
          assertThat(events.get(0).event()).isEqualTo("reset");
          assertThat(events.get(1).data()).isEqualTo("fresh");
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("An id from before the node started, or not an id at all, gets a reset and the retained events")
  void resetForUnknownIds(Vertx vertx, VertxTestContext testContext) {
    deploy(new JsonObject())
      .compose(v -> hub.calls().publish("restarted", "after-start"))
      .compose(v -> Future.all(
        hub.open("/topics/restarted", lastEventId("1-0")),
        hub.open("/topics/restarted", lastEventId("garbage"))))
      .compose(both -> Future.all(both.<SseRecorder>resultAt(0).awaitEvents(2), both.<SseRecorder>resultAt(1).awaitEvents(2)))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        for (int i = 0; i < 2; i++) {
          List<SseEvent> events = both.resultAt(i);
          assertThat(events).extracting(SseEvent::event).containsExactly("reset", null);
          assertThat(events.get(1).data()).isEqualTo("after-start");
        }
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Under a steady publisher, repeated reconnects lose nothing and double nothing")
  void reconnectsUnderLoad(Vertx vertx, VertxTestContext testContext) {
    int total = 300;
    List<SseEvent> received = new ArrayList<>();
    deploy(new JsonObject())
      .compose(v -> hub.open("/topics/steady"))
      .compose(first -> {
        Future<List<String>> publishing = hub.calls().publishAll("steady", "n", total);
        return hop(first, received, 50)
          .compose(last -> hopAgain(last, received, 120))
          .compose(last -> hopAgain(last, received, total))
          .compose(v -> publishing);
      })
      .onComplete(testContext.succeeding(ids -> testContext.verify(() -> {
        assertThat(received).extracting(SseEvent::data)
          .containsExactlyElementsOf(IntStream.range(0, total).mapToObj(i -> "n" + i).toList());
        assertThat(received).extracting(SseEvent::id).containsExactlyElementsOf(ids);
        testContext.completeNow();
      })));
  }

  /** Takes events up to a running total of {@code upTo}, closes the stream, and gives the last id seen. */
  private Future<String> hop(SseRecorder stream, List<SseEvent> received, int upTo) {
    int wanted = upTo - received.size();
    return stream.awaitEvents(wanted)
      .compose(events -> stream.close().map(v -> {
        received.addAll(events);
        return events.get(events.size() - 1).id();
      }));
  }

  private Future<String> hopAgain(String lastId, List<SseEvent> received, int upTo) {
    return hub.open("/topics/steady", lastEventId(lastId)).compose(stream -> hop(stream, received, upTo));
  }
}
