package io.ssehub.kafka;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.Probes;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker stopped for six seconds (then started again, which takes some seconds more) under the bridge's default
 * timings, only the broker's address and where a new group starts being set: an operator must see the outage on
 * {@code /ready} and in one log line while it lasts, and its end in one more line; records flow before and after.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Kafka bridge and a broker down for six seconds")
class KafkaShortOutageTest {

  private static final long OUTAGE_MILLIS = 6000;

  private final HubFixture hub = HubFixture.with(fixture -> new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("kafka").add("users"))
      .put("kafka", new JsonObject()
        .put("bootstrapServers", fixture.kafka().bootstrapServers())
        .put("autoOffsetReset", "earliest")))
    .withKafka("v3_messages")
    .withLogs(KafkaBridgeVerticle.class);

  @BeforeEach
  void startBrokerAndHub(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx)
      .compose(id -> hub.awaitReady(200))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  @DisplayName("/ready and one log line show the outage while it lasts, one line its end, and records flow again")
  void shortOutageIsSeen(Vertx vertx, VertxTestContext testContext) {
    long[] stoppedAt = new long[1];
    SseRecorder stream = await(hub.open("/v3/sse?username=demo"));
    await(send("demo:before the outage").compose(v -> stream.awaitEvents(1)));

    await(vertx.executeBlocking(() -> {
      hub.kafka().stop();
      stoppedAt[0] = System.currentTimeMillis();
      return null;
    }));
    JsonObject notReady = await(hub.awaitReady(503, OUTAGE_MILLIS));
    long shownAfter = System.currentTimeMillis() - stoppedAt[0];
    List<String> linesWhileDown = lines("is unreachable");
    LoggerFactory.getLogger(KafkaShortOutageTest.class).info("/ready showed the outage {} ms after the broker stopped",
      shownAfter);
    await(vertx.timer(Math.max(1, OUTAGE_MILLIS - shownAfter)));
    await(vertx.executeBlocking(() -> {
      hub.kafka().start();
      return null;
    }));
    await(send("demo:after the outage").compose(v -> stream.awaitEvents(2)));
    await(hub.awaitReady(200));
    await(vertx.timer(3000));

    testContext.verify(() -> {
      assertThat(Probes.check(notReady, "kafka").getJsonObject("data").getString("reason"))
        .contains("Kafka at " + hub.kafka().bootstrapServers() + " has been unreachable");
      assertThat(linesWhileDown).as("log lines saying Kafka is down, while it is").hasSize(1);
      assertThat(lines("is unreachable")).as("log lines saying Kafka is down").hasSize(1);
      assertThat(lines("reachable again")).as("log lines saying Kafka is back").hasSize(1);
      assertThat(stream.events()).extracting(SseEvent::data).containsExactly("before the outage", "after the outage");
    });
    testContext.completeNow();
  }

  private Future<Void> send(String value) {
    return hub.producer().send(KafkaProducerRecord.create("v3_messages", value)).mapEmpty();
  }

  private List<String> lines(String text) {
    return hub.logs().events().stream()
      .map(ILoggingEvent::getFormattedMessage)
      .filter(line -> line.startsWith("Kafka at") && line.contains(text))
      .toList();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
