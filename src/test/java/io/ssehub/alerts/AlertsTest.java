package io.ssehub.alerts;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Vertx;
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
@DisplayName("Seed 001 without Redis: the generator feeds GET /sse on the all-in-one node")
class AlertsTest {

  static final String ALERT = "\\{\"key\": \"(10|[1-9])\", \"message\": \"Sending Message: (0\\.\\d+|\\d(\\.\\d+)?e-\\d\\d)\"";

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("nodeName", "solo")
    .put("generator", new JsonObject().put("delaySeconds", 1)));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("With no Redis configured, alerts arrive as NewAlert events with key, message and this node's server")
  void generatorWithoutRedis(VertxTestContext testContext) {
    hub.open("/sse")
      .compose(stream -> stream.awaitEvents(2).map(events -> {
        testContext.verify(() -> {
          assertThat(stream.status()).isEqualTo(200);
          assertThat(events).extracting(SseEvent::event).containsOnly("NewAlert");
          assertThat(events).allSatisfy(event -> assertThat(event.data()).matches(ALERT + ", \"server\": \"solo\"\\}"));
          assertThat(stream.lines()).filteredOn(line -> line.startsWith("event:")).startsWith("event: NewAlert");
          assertThat(events.get(1).id()).isNotEqualTo(events.get(0).id());
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }
}
