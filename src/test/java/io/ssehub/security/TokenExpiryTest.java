package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Token expiry: a stream ends at its token's end (plus the leeway) with a token-expired event")
class TokenExpiryTest {

  private static final int LEEWAY_SECONDS = 1;
  private static final long GRACE_MILLIS = 10_000;
  /** How much earlier than the server's clock the test's may read the same instant (timer rounding). */
  private static final long CLOCK_SLACK_MILLIS = 250;
  private static final String ALICE_STREAM = "/v2/sse?username=alice";

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("auth", Tokens.authSection().put("leewaySeconds", LEEWAY_SECONDS)));
  private Tokens tokens;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    tokens = new Tokens(vertx);
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
  }

  private Future<Void> sendToAlice(String text) {
    return hub.post("/v2/message?username=alice")
      .bearerTokenAuthentication(tokens.publisher("v2.user.*"))
      .sendBuffer(Buffer.buffer(text))
      .compose(answer -> answer.statusCode() == 204 ? Future.succeededFuture()
        : Future.failedFuture("the message was answered " + answer.statusCode() + ": " + answer.bodyAsString()));
  }

  /** The stream's end, or a failure naming what was awaited once {@code deadlineMillis} (epoch) has passed. */
  private static Future<Long> endedBy(Vertx vertx, SseRecorder stream, long deadlineMillis) {
    Promise<Long> ended = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, deadlineMillis - System.currentTimeMillis()),
      fired -> ended.tryFail("the stream was still open " + GRACE_MILLIS / 1000 + " s after its token's end "
        + "(and the leeway), after " + stream.events().size() + " events"));
    stream.awaitEnd().onComplete(done -> {
      vertx.cancelTimer(timer);
      ended.tryComplete(System.currentTimeMillis());
    });
    return ended.future();
  }

  private static void assertTokenExpired(SseEvent last) {
    assertThat(last.event()).isEqualTo("token-expired");
    assertThat(last.id()).as("the notice has no id, so Last-Event-ID stays the last real event's").isNull();
    assertThat(last.data()).contains("expired").contains("new token").contains("Last-Event-ID");
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A stream ends within seconds of its token's end; one with a longer token goes on; a new token resumes")
  void streamEndsWithItsToken(Vertx vertx, VertxTestContext testContext) {
    long exp = nowSeconds() + 4;
    long endsAt = (exp + LEEWAY_SECONDS) * 1000;
    Future.all(hub.open(ALICE_STREAM, bearer(tokens.endingAt("alice", exp))),
        hub.open(ALICE_STREAM, bearer(tokens.user("alice"))))
      .compose(both -> {
        SseRecorder ending = both.resultAt(0);
        SseRecorder lasting = both.resultAt(1);
        testContext.verify(() -> {
          assertThat(ending.status()).isEqualTo(200);
          assertThat(lasting.status()).isEqualTo(200);
        });
        return sendToAlice("before")
          .compose(v -> Future.all(ending.awaitEvents(1), lasting.awaitEvents(1)))
          .compose(v -> endedBy(vertx, ending, endsAt + GRACE_MILLIS))
          .compose(endedAt -> {
            testContext.verify(() -> {
              assertThat(endedAt).as("not before the token's end and the leeway").isGreaterThanOrEqualTo(
                endsAt - CLOCK_SLACK_MILLIS);
              List<SseEvent> events = ending.events();
              assertThat(events).extracting(SseEvent::data).first().isEqualTo("before");
              assertThat(events).hasSize(2);
              assertTokenExpired(events.get(1));
              assertThat(lasting.ended()).as("the stream with the longer token").isFalse();
            });
            return sendToAlice("after");
          })
          .compose(v -> lasting.awaitEvents(2))
          .compose(lastingEvents -> {
            testContext.verify(() -> assertThat(lastingEvents).extracting(SseEvent::data).containsExactly("before", "after"));
            MultiMap resume = bearer(tokens.user("alice")).add("Last-Event-ID", ending.events().get(0).id());
            return hub.open(ALICE_STREAM, resume);
          })
          .compose(resumed -> resumed.awaitEvents(1).map(replayed -> {
            testContext.verify(() -> {
              assertThat(resumed.status()).isEqualTo(200);
              assertThat(replayed).extracting(SseEvent::data).containsExactly("after");
            });
            return null;
          }));
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  /** Opens alice's stream with this token, once it has begun (its {@code retry:} hint, sent as its timers are armed). */
  private Future<SseRecorder> begun(String token) {
    return hub.open(ALICE_STREAM, bearer(token))
      .compose(stream -> stream.await(recorder -> recorder.lines().stream().anyMatch(line -> line.startsWith("retry:")))
        .map(stream));
  }

  private static Future<Void> streamTimers(Vertx vertx, int count) {
    return NodeStats.awaitFigures(vertx, figures -> figures.getInteger("streamTimers") == count,
      "the node did not hold exactly " + count + " stream timers");
  }

  @Test
  @DisplayName("A token without exp arms no end for its stream; the end of one with exp is released when it closes")
  void endTimerOnlyWithExp(Vertx vertx, VertxTestContext testContext) {
    begun(tokens.noExpiry("alice"))
      .compose(forever -> streamTimers(vertx, 1)
        .compose(v -> begun(tokens.user("alice")))
        .compose(ending -> streamTimers(vertx, 3)
          .compose(v -> ending.close())
          .compose(v -> streamTimers(vertx, 1))
          .compose(v -> forever.close())
          .compose(v -> streamTimers(vertx, 0))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("The management stream /monitor/stream ends with its operator's token too")
  void managementStreamEndsWithItsToken(Vertx vertx, VertxTestContext testContext) {
    long exp = nowSeconds() + 4;
    long endsAt = (exp + LEEWAY_SECONDS) * 1000;
    String operator = Tokens.handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
      new JsonObject().put("sub", "ops").put("manage", true).put("exp", exp).encode());
    hub.open("/monitor/stream", bearer(operator))
      .compose(monitor -> monitor.awaitEvents(1)
        .compose(v -> endedBy(vertx, monitor, endsAt + GRACE_MILLIS))
        .map(endedAt -> {
          testContext.verify(() -> {
            assertThat(monitor.status()).isEqualTo(200);
            assertThat(endedAt).isGreaterThanOrEqualTo(endsAt - CLOCK_SLACK_MILLIS);
            List<SseEvent> events = monitor.events();
            assertTokenExpired(events.get(events.size() - 1));
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }
}
