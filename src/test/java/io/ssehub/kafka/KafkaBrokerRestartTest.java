package io.ssehub.kafka;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.Probes;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Its own broker, because the test stops it. The stop is a clean shutdown (SIGTERM); the restart uses
 * the same port and log dir. The timeout is generous for a loaded 2-core machine: a broker restart
 * and the consumer's return to its group take several seconds.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Kafka bridge across a broker restart")
class KafkaBrokerRestartTest {

  private final HubFixture hub = HubFixture.with(fixture -> new JsonObject()
      .put("kafka", fixture.kafka().restartableBridgeConfig()))
    .withKafka("v3_messages");

  @BeforeEach
  void startBrokerAndHub(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<Void> send(String value) {
    return hub.producer().send(KafkaProducerRecord.create("v3_messages", value)).mapEmpty();
  }

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  @DisplayName("With the broker stopped mid-stream, POST /v3/message still works; after its restart Kafka delivery resumes")
  void deliveryResumesAfterRestart(Vertx vertx, VertxTestContext testContext) {
    hub.open("/v3/sse?username=demo")
      .compose(stream -> send("demo:before the restart")
        .compose(v -> stream.awaitEvents(1))
        .compose(v -> vertx.executeBlocking(() -> {
          hub.kafka().stop();
          return null;
        }))
        .compose(v -> hub.post("/v3/message?username=demo")
          .sendBuffer(Buffer.buffer("while Kafka is down")))
        .compose(posted -> {
          testContext.verify(() -> assertThat(posted.statusCode()).isEqualTo(204));
          return stream.awaitEvents(2);
        })
        .compose(v -> hub.awaitReady(503))
        .map(notReady -> {
          testContext.verify(() -> {
            assertThat(Probes.check(notReady, "kafka").getString("status")).isEqualTo("DOWN");
            assertThat(Probes.check(notReady, "kafka").getJsonObject("data").getString("reason"))
              .contains("Kafka at " + hub.kafka().bootstrapServers() + " has been unreachable");
          });
          return null;
        })
        .compose(v -> vertx.executeBlocking(() -> {
          hub.kafka().start();
          return null;
        }))
        .compose(v -> send("demo:after the restart"))
        .compose(v -> stream.awaitEvents(3))
        .compose(v -> hub.awaitReady(200))
        .compose(ready -> hub.awaitMetric("ssehub_bridge_lag_seconds_count{link=\"kafka\"", 2))
        .map(metrics -> {
          testContext.verify(() -> {
            assertThat(Probes.metric(metrics, "ssehub_bridge_errors_total{link=\"kafka\"")).isPositive();
            assertThat(Probes.metric(metrics, "ssehub_bridge_lag_seconds_count{link=\"kafka\""))
              .isGreaterThanOrEqualTo(2);
          });
          return check(testContext, stream);
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  private Void check(VertxTestContext testContext, SseRecorder stream) {
    testContext.verify(() -> assertThat(stream.events()).extracting(SseEvent::data)
      .containsExactly("before the restart", "while Kafka is down", "after the restart"));
    return null;
  }
}
