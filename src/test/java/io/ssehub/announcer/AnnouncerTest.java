package io.ssehub.announcer;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
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

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Seed 002: the message announcer, nicknames and the monitor")
class AnnouncerTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<HttpResponse<Buffer>> postNickname(String body) {
    return hub.post("/nickname")
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(body));
  }

  @Test
  @DisplayName("/listen and /events start with START, then PING / ping about every second")
  void listenStartsThenPings(VertxTestContext testContext) {
    long opened = System.currentTimeMillis();
    Future.all(hub.open("/listen"), hub.open("/events"))
      .compose(both -> Future.all(
        both.<io.ssehub.testing.SseRecorder>resultAt(0).awaitEvents(4),
        both.<io.ssehub.testing.SseRecorder>resultAt(1).awaitEvents(4)))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        long elapsed = System.currentTimeMillis() - opened;
        for (int i = 0; i < 2; i++) {
          java.util.List<SseEvent> events = both.resultAt(i);
          assertThat(events.get(0)).isEqualTo(new SseEvent(null, "START", "SSE has successfully connected."));
          assertThat(events.subList(1, 4)).allSatisfy(ping -> {
            assertThat(ping.event()).isEqualTo("PING");
            assertThat(ping.data()).isEqualTo("ping");
          });
        }
        assertThat(elapsed).as("three pings, one a second").isBetween(1_500L, 5_000L);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("The README's POST {\"name\": \"Hund\"} works, and NICKNAME carries every nickname")
  void nicknameIsAnnounced(VertxTestContext testContext) {
    hub.open("/listen")
      .compose(stream -> postNickname("{\"name\": \"Hund\"}")
        .compose(first -> postNickname("{\"name\": \"Katze\", \"uuid\": \"u-2\"}").map(first))
        .compose(first -> stream.await(recorder -> recorder.events().stream()
            .filter(event -> "NICKNAME".equals(event.event())).count() >= 2)
          .map(v -> {
            testContext.verify(() -> {
              assertThat(first.statusCode()).isEqualTo(200);
              assertThat(first.bodyAsJsonObject().getString("message")).isEqualTo("Data received");
              assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("success");
              SseEvent last = stream.events().stream().filter(event -> "NICKNAME".equals(event.event()))
                .reduce((a, b) -> b).orElseThrow();
              assertThat(new JsonObject(last.data()).getJsonArray("nicknames"))
                .isEqualTo(new JsonArray().add("Hund").add("Katze"));
            });
            return null;
          })))
      .compose(v -> hub.get("/nicknames").send())
      .compose(list -> hub.get("/nickname/u-2").send().map(one -> {
        testContext.verify(() -> {
          assertThat(list.bodyAsJsonObject().getJsonArray("nicknames")).containsExactly("Hund", "Katze");
          assertThat(one.bodyAsJsonObject().getString("nickname")).isEqualTo("Katze");
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A body that is not JSON, or has no name, gets a 400 that says what to send, and changes nothing")
  void badNicknameBodies(VertxTestContext testContext) {
    Future.all(postNickname("{not json"), postNickname("{\"uuid\": \"x\"}"), postNickname("[1,2]"))
      .compose(all -> hub.get("/nicknames").send().map(list -> {
        testContext.verify(() -> {
          for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> response = all.resultAt(i);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("error");
            assertThat(response.bodyAsJsonObject().getString("message")).contains("{\"name\": \"Hund\"}");
          }
          assertThat(list.bodyAsJsonObject().getJsonArray("nicknames")).isEmpty();
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("/monitor answers the seed's two fields in their formats, plus stream counts")
  void monitor(Vertx vertx, VertxTestContext testContext) {
    hub.get("/monitor").send()
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        JsonObject body = response.bodyAsJsonObject();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.getString("cpu_usage")).matches("cpu_usage: \\d+\\.\\d\\d %");
        assertThat(body.getString("memory_usage")).matches("\\d+\\.\\d\\d MB");
        assertThat(Double.parseDouble(body.getString("memory_usage").split(" ")[0])).isGreaterThan(10.0);
        assertThat(body.getInteger("openStreams")).isZero();
        testContext.completeNow();
      })));
  }
}
