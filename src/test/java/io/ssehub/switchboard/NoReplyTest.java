package io.ssehub.switchboard;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow, absent or failing processor: {@code /ssec} answers {@code no_reply} at the 50 ms window, not later,
 * and the switchboard keeps nothing. Each answer is timed at the client, from sending the request to having
 * the whole response: it must be at least the window and at most the window plus {@link #TOLERANCE_MILLIS}
 * (loopback HTTP, event-loop hops, and scheduling on a shared 2-core machine).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("no_reply at the 50 ms window when a processor is slow, absent or failing")
class NoReplyTest {

  static final long WINDOW_MILLIS = 50;
  static final long TOLERANCE_MILLIS = 50;
  private static final int ROUNDS = 5;

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("A processor slower than the window: no_reply within 50 ms + 50 ms, and its late result is dropped")
  void slowProcessor(Vertx vertx, VertxTestContext testContext) {
    JsonObject slow = Switchboards.stage("slow", "upper").put("delayMillis", 300);
    hub.deploy(Switchboards.hub(Switchboards.pipeline(slow)))
      .compose(id -> timedRounds(vertx))
      .compose(timings -> Switchboards.awaitIdle(vertx).map(stats -> {
        assertNoReplyInWindow(testContext, timings);
        return stats;
      }))
      .compose(stats -> afterMillis(vertx, 400))
      .compose(v -> Switchboards.stats(vertx))
      .onComplete(testContext.succeeding(stats -> testContext.verify(() -> {
        assertThat(stats.getInteger("pendingTickets")).isZero();
        assertThat(stats.getInteger("ticketConsumers")).isZero();
        assertThat(stats.getInteger("ticketTimers")).isZero();
        assertThat(stats.getLong("answered")).as("late results must not count as answers").isZero();
        assertThat(stats.getLong("noReply")).isEqualTo(ROUNDS + 1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A pipeline whose processor is not running anywhere: no_reply within 50 ms + 50 ms, nothing kept")
  void absentProcessor(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(Switchboards.hubWithoutProcessors(new JsonObject()))
      .compose(id -> timedRounds(vertx))
      .compose(timings -> Switchboards.awaitIdle(vertx).map(stats -> timings))
      .onComplete(testContext.succeeding(timings -> {
        assertNoReplyInWindow(testContext, timings);
        testContext.completeNow();
      }));
  }

  @Test
  @DisplayName("An external processor that refuses connections: no_reply within 50 ms + 50 ms, nothing kept")
  void failingProcessor(Vertx vertx, VertxTestContext testContext) {
    JsonObject refused = new JsonObject().put("name", "gone").put("url", "http://127.0.0.1:" + TestHub.freePort() + "/x");
    hub.deploy(Switchboards.hub(Switchboards.pipeline(Switchboards.stage("upper", "upper"), refused)))
      .compose(id -> timedRounds(vertx))
      .compose(timings -> Switchboards.awaitIdle(vertx).map(stats -> timings))
      .onComplete(testContext.succeeding(timings -> {
        assertNoReplyInWindow(testContext, timings);
        testContext.completeNow();
      }));
  }

  private void assertNoReplyInWindow(VertxTestContext testContext, List<Timed> timings) {
    testContext.verify(() -> assertThat(timings).hasSize(ROUNDS).allSatisfy(timed -> {
      assertThat(timed.body()).isEqualTo("no_reply");
      assertThat(timed.millis()).isBetween(WINDOW_MILLIS, WINDOW_MILLIS + TOLERANCE_MILLIS);
    }));
  }

  /** One untimed request to warm up the connection and the code paths, then {@link #ROUNDS} timed ones in turn. */
  private Future<List<Timed>> timedRounds(Vertx vertx) {
    List<Timed> timings = new ArrayList<>();
    Future<Void> chain = timedGet().mapEmpty();
    for (int i = 0; i < ROUNDS; i++) {
      chain = chain.compose(v -> timedGet().map(timed -> {
        timings.add(timed);
        return null;
      }));
    }
    return chain.map(v -> timings);
  }

  private Future<Timed> timedGet() {
    long start = System.nanoTime();
    return hub.get("/ssec?m=meow%20meow").send()
      .map(response -> new Timed(response.bodyAsString(), (System.nanoTime() - start) / 1_000_000));
  }

  private static Future<Void> afterMillis(Vertx vertx, long millis) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(millis, tick -> done.complete());
    return done.future();
  }

  record Timed(String body, long millis) {
  }
}
