package io.ssehub.users;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
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

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Seed 004 v1 and v2: the hello stream and per-user messages")
class UserStreamsTest {

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("seeds", new JsonObject().put("v1HelloMillis", 1500).put("v1KeepAliveMillis", 400)));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<HttpResponse<Buffer>> message(String username, String text) {
    return hub.post("/v2/message?username=" + username).sendBuffer(Buffer.buffer(text));
  }

  @Test
  @DisplayName("v1 sends hi! at once, keep-alive-text comments in the quiet, and hi! again on its period")
  void helloStream(VertxTestContext testContext) {
    long opened = System.currentTimeMillis();
    hub.open("/v1/sse?username=ann")
      .compose(stream -> stream.awaitEvents(1)
        .map(first -> System.currentTimeMillis() - opened)
        .compose(firstAfter -> stream.awaitEvents(2).map(both -> {
          testContext.verify(() -> {
            assertThat(firstAfter).as("the first hi! comes at once").isLessThan(1000);
            assertThat(both).containsOnly(new SseEvent(null, null, "hi!"));
            assertThat(stream.comments()).contains("keep-alive-text");
            int firstHi = stream.lines().indexOf("data: hi!");
            int secondHi = stream.lines().lastIndexOf("data: hi!");
            assertThat(stream.lines().subList(firstHi, secondHi)).contains(": keep-alive-text");
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("v2 delivers a message to every open stream of that user, and to no one else, with a 204")
  void messageReachesOnlyThatUser(VertxTestContext testContext) {
    Future.all(hub.open("/v2/sse?username=demo"), hub.open("/v2/sse?username=demo"),
        hub.open("/v2/sse?username=other"))
      .compose(streams -> message("demo", "🤠 howdy\nsecond line")
        .compose(answer -> message("other", "for other"))
        .compose(answer -> message("nobody", "dropped").map(answer))
        .compose(answer -> Future.all(streams.<SseRecorder>resultAt(0).awaitEvents(1),
            streams.<SseRecorder>resultAt(1).awaitEvents(1), streams.<SseRecorder>resultAt(2).awaitEvents(1))
          .map(events -> {
            testContext.verify(() -> {
              assertThat(answer.statusCode()).isEqualTo(204);
              for (int i = 0; i < 2; i++) {
                SseRecorder demo = streams.resultAt(i);
                assertThat(demo.events()).extracting(SseEvent::data).containsExactly("🤠 howdy\nsecond line");
                assertThat(demo.events().get(0).event()).isNull();
              }
              assertThat(streams.<SseRecorder>resultAt(2).events()).extracting(SseEvent::data)
                .containsExactly("for other");
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A missing username gets a 400 naming the parameter, on every v1 and v2 route")
  void missingUsername(VertxTestContext testContext) {
    Future.all(hub.get("/v1/sse").send(), hub.get("/v2/sse").send(),
        hub.post("/v2/message").sendBuffer(Buffer.buffer("hi")))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        for (int i = 0; i < 3; i++) {
          HttpResponse<Buffer> response = all.resultAt(i);
          assertThat(response.statusCode()).isEqualTo(400);
          assertThat(response.bodyAsString()).contains("Missing query parameter 'username'");
        }
        testContext.completeNow();
      })));
  }
}
