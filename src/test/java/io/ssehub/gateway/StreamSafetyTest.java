package io.ssehub.gateway;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Streams are safe: no forged events, slow readers cut off, nothing left behind")
class StreamSafetyTest {

  private static final int BIG_EVENT = 32 * 1024;

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("gateway", new JsonObject().put("writeQueueBytes", 64 * 1024))
    .put("history", new JsonObject().put("maxEvents", 50)));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("CR and LF in published data stay inside one event: no second event, no event name is forged")
  void dataCannotForgeEvents(VertxTestContext testContext) {
    String attack = "ok\r\n\r\nevent: admin\ndata: forged\r\rid: 999-0\n\nretry: 1\n";
    hub.open("/topics/forge")
      .compose(stream -> hub.calls().publish("forge", attack)
        .compose(v -> hub.calls().publish("forge", "next"))
        .compose(v -> stream.awaitEvents(2))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(events.get(0).event()).isNull();
            assertThat(events.get(0).data()).isEqualTo("ok\n\nevent: admin\ndata: forged\n\nid: 999-0\n\nretry: 1\n");
            assertThat(events.get(1).data()).isEqualTo("next");
            assertThat(stream.lines()).allMatch(line -> line.isEmpty() || line.startsWith("data: ")
              || line.startsWith("id: ") || line.startsWith("retry: 3000"));
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("CR, LF or NUL in an event name or Last-Event-ID is refused with a 400")
  void fieldsCannotForgeEvents(VertxTestContext testContext) {
    Future.all(
        hub.post("/topics/forge?event=x%0Adata:%20forged").sendBuffer(Buffer.buffer("d")),
        hub.post("/topics/forge?event=x%0D").sendBuffer(Buffer.buffer("d")),
        hub.post("/topics/forge?event=x%00").sendBuffer(Buffer.buffer("d")),
        hub.get("/topics/forge?lastEventId=1%0Aevent:%20x").send())
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        for (int i = 0; i < 4; i++) {
          assertThat(all.<io.vertx.ext.web.client.HttpResponse<Buffer>>resultAt(i).statusCode()).isEqualTo(400);
        }
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A reader that stops reading is cut off, while another reader of the topic gets every event")
  void stalledReaderIsCutOff(Vertx vertx, VertxTestContext testContext) {
    String payload = "x".repeat(BIG_EVENT);
    List<SseRecorder> streams = new ArrayList<>();
    hub.open("/topics/firehose")
      .compose(stalled -> {
        stalled.pause();
        streams.add(stalled);
        return hub.open("/topics/firehose");
      })
      .compose(healthy -> {
        streams.add(healthy);
        return publishUntilCut(payload, 0);
      })
      .compose(sent -> streams.get(1).awaitEvents(sent).map(events -> {
        testContext.verify(() -> {
          assertThat(events).hasSize(sent);
          assertThat(events).allMatch(event -> event.data().length() == BIG_EVENT);
        });
        return sent;
      }))
      .compose(sent -> hub.calls().stats().map(stats -> {
        testContext.verify(() -> {
          assertThat(stats.getLong("slowReadersCut")).isEqualTo(1);
          assertThat(stats.getInteger("openStreams")).isEqualTo(1);
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  /** Publishes 32 KiB events until the node reports a reader cut off (at most 2,000); the count sent. */
  private Future<Integer> publishUntilCut(String payload, int sent) {
    if (sent >= 2000) {
      return Future.failedFuture("no reader was cut off after " + sent + " events of 32 KiB");
    }
    return hub.calls().publish("firehose", payload)
      .compose(id -> hub.calls().stats())
      .compose(stats -> stats.getLong("slowReadersCut") > 0
        ? Future.succeededFuture(sent + 1)
        : publishUntilCut(payload, sent + 1));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("After 1,000 streams open and close, no stream, consumer, timer or topic entry is left")
  void thousandStreamsLeaveNothingBehind(VertxTestContext testContext) {
    int count = 1000;
    List<SseRecorder> open = new ArrayList<>();
    openInBatches(count, 0, open)
      // A stream starts its keep-alive timer once its response head is out, just after the client saw it.
      .compose(v -> hub.calls().awaitStats(stats -> stats.getInteger("openStreams") == count
        && stats.getInteger("topicConsumers") == 50
        && stats.getInteger("streamTimers") == count, 30_000))
      .compose(busy -> {
        testContext.verify(() -> {
          assertThat(busy.getInteger("topics")).isEqualTo(50);
          // One write task per topic and event loop (the test hub has 2 gateway instances), not one per stream.
          assertThat(busy.getInteger("fanoutTasks")).isBetween(50, 100);
        });
        return hub.calls().publish("t7", "still alive");
      })
      .compose(v -> open.get(7).awaitEvents(1))
      .compose(v -> Future.all(open.stream().map(SseRecorder::close).toList()))
      .compose(v -> hub.calls().awaitStats(stats -> stats.getInteger("openStreams") == 0
        && stats.getInteger("streamTimers") == 0
        && stats.getInteger("topics") == 0
        && stats.getInteger("topicConsumers") == 0, 30_000))
      .onComplete(testContext.succeeding(stats -> testContext.verify(() -> {
        assertThat(stats.getLong("streamsOpened")).isEqualTo(count);
        testContext.completeNow();
      })));
  }

  /** Opens streams 100 at a time over 50 topics; every third one asks for a replay. */
  private Future<Void> openInBatches(int count, int from, List<SseRecorder> open) {
    if (from >= count) {
      return Future.succeededFuture();
    }
    List<Future<SseRecorder>> batch = new ArrayList<>();
    for (int i = from; i < Math.min(count, from + 100); i++) {
      String uri = "/topics/t" + (i % 50);
      batch.add(i % 3 == 0
        ? hub.open(uri, MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", "0-0"))
        : hub.open(uri));
    }
    return Future.all(batch)
      .compose(all -> {
        batch.forEach(stream -> open.add(stream.result()));
        return openInBatches(count, from + 100, open);
      });
  }
}
