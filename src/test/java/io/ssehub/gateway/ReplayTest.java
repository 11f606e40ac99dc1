package io.ssehub.gateway;

import io.ssehub.testing.HubCalls;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
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

  private final int port = TestHub.freePort();
  private WebClient web;
  private SseClient sse;
  private HubCalls hub;

  private Future<String> deploy(Vertx vertx, JsonObject history) {
    web = WebClient.create(vertx);
    sse = new SseClient(vertx);
    hub = new HubCalls(vertx, web, port);
    return TestHub.deploy(vertx, TestHub.config(port, new JsonObject().put("history", history)));
  }

  @AfterEach
  void closeClients() {
    web.close();
    sse.close();
  }

  private static MultiMap lastEventId(String id) {
    return MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", id);
  }

  @Test
  @DisplayName("The header replays exactly the missed events, in order, then live ones, with no duplicate")
  void headerReplaysMissedEvents(Vertx vertx, VertxTestContext testContext) {
    deploy(vertx, new JsonObject())
      .compose(v -> sse.open(port, "/topics/feed"))
      .compose(first -> hub.publishAll("feed", "seen-", 5)
        .compose(ids -> first.awaitEvents(5))
        .compose(seen -> first.close().map(seen)))
      .compose(seen -> hub.publishAll("feed", "missed-", 5)
        .compose(missedIds -> sse.open(port, "/topics/feed", lastEventId(seen.get(4).id()))
          .compose(second -> hub.publish("feed", "live")
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
    deploy(vertx, new JsonObject())
      .compose(v -> hub.publish("x", "before"))
      .compose(mark -> hub.publish("x", "x1")
        .compose(v -> hub.publish("y", "y1"))
        .compose(v -> hub.publish("z", "z1"))
        .compose(v -> hub.publish("x", "x2"))
        .compose(v -> sse.open(port, "/subscribe?topic=x&topic=y&lastEventId=" + mark)))
      .compose(stream -> stream.awaitEvents(3).map(events -> {
        testContext.verify(() -> assertThat(events).extracting(SseEvent::data).containsExactly("x1", "y1", "x2"));
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("When the history no longer reaches back, a reset event says so before the retained events")
  void resetWhenHistoryIsTooShort(Vertx vertx, VertxTestContext testContext) {
    deploy(vertx, new JsonObject().put("maxEvents", 3))
      .compose(v -> hub.publishAll("short", "e", 6))
      .compose(ids -> sse.open(port, "/topics/short", lastEventId(ids.get(0)))
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
    deploy(vertx, new JsonObject().put("maxAgeSeconds", 1))
      .compose(v -> hub.publishAll("aging", "old", 2))
      .compose(ids -> {
        Promise<Void> later = Promise.promise();
        vertx.setTimer(1300, t -> later.complete());
        return later.future().compose(v -> hub.publish("aging", "fresh"))
          .compose(v -> sse.open(port, "/topics/aging", lastEventId(ids.get(0))));
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
    deploy(vertx, new JsonObject())
      .compose(v -> hub.publish("restarted", "after-start"))
      .compose(v -> Future.all(
        sse.open(port, "/topics/restarted", lastEventId("1-0")),
        sse.open(port, "/topics/restarted", lastEventId("garbage"))))
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
    deploy(vertx, new JsonObject())
      .compose(v -> sse.open(port, "/topics/steady"))
      .compose(first -> {
        Future<List<String>> publishing = hub.publishAll("steady", "n", total);
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
    return sse.open(port, "/topics/steady", lastEventId(lastId)).compose(stream -> hop(stream, received, upTo));
  }
}
