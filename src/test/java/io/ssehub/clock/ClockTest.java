package io.ssehub.clock;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Seed 003: /remote sends the Unix time as event ping every second, and a page shows it")
class ClockTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Each ping carries the current Unix time in seconds, one second apart")
  void pingsCarryTheTime(VertxTestContext testContext) {
    hub.open("/remote")
      .compose(stream -> stream.awaitEvents(3))
      .onComplete(testContext.succeeding(events -> testContext.verify(() -> {
        double now = System.currentTimeMillis() / 1000.0;
        assertThat(events).extracting(SseEvent::event).containsOnly("ping");
        assertThat(events).allSatisfy(event -> assertThat(event.data()).matches("\\d{10}\\.\\d{1,7}"));
        double first = Double.parseDouble(events.get(0).data());
        double third = Double.parseDouble(events.get(2).data());
        assertThat(now - third).isBetween(-0.5, 2.0);
        assertThat(third - first).isBetween(1.5, 2.5);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("The time is printed like Python's time.time(): seconds, a point, up to seven decimals")
  void pythonLikeFormat() {
    assertThat(ClockVerticle.unixSeconds(Instant.ofEpochSecond(1589200000L, 123456700L))).isEqualTo("1589200000.1234567");
    assertThat(ClockVerticle.unixSeconds(Instant.ofEpochSecond(1589200000L, 500_000_000L))).isEqualTo("1589200000.5");
    assertThat(ClockVerticle.unixSeconds(Instant.ofEpochSecond(1589200000L, 0))).isEqualTo("1589200000.0");
  }

  @Test
  @DisplayName("webroot/clock.html is served and listens for ping on /remote")
  void pageIsServed(VertxTestContext testContext) {
    hub.get("/clock.html").send()
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).contains("new EventSource(\"remote\")", "addEventListener(\"ping\"");
        testContext.completeNow();
      })));
  }
}
