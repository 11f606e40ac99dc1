package io.ssehub.kafka;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssehub.testing.KafkaBroker;
import io.ssehub.testing.Probes;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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
 * A broker stopped for six seconds under the bridge's default timings (only the broker's address and where a new
 * group starts are set): an operator must see the outage in the log and on {@code /ready} while it lasts.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Kafka bridge and a broker down for six seconds")
class KafkaShortOutageTest {

  private final int port = TestHub.freePort();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger bridgeLogger = (Logger) LoggerFactory.getLogger(KafkaBridgeVerticle.class);
  private KafkaBroker broker;
  private WebClient web;

  @BeforeEach
  void startBrokerAndHub(Vertx vertx, VertxTestContext testContext) {
    logs.start();
    bridgeLogger.addAppender(logs);
    web = WebClient.create(vertx);
    vertx.executeBlocking(() -> {
      broker = KafkaBroker.startNew();
      broker.createTopics("v3_messages");
      return null;
    }).compose(v -> TestHub.deploy(vertx, TestHub.config(port, new JsonObject()
        .put("deploy", new JsonArray().add("history").add("gateway").add("kafka"))
        .put("kafka", new JsonObject()
          .put("bootstrapServers", broker.bootstrapServers())
          .put("autoOffsetReset", "earliest")))))
      .compose(id -> Probes.awaitReady(vertx, web, port, 200))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void stopAll(Vertx vertx, VertxTestContext testContext) {
    bridgeLogger.detachAppender(logs);
    web.close();
    vertx.executeBlocking(() -> {
      broker.close();
      return null;
    }).onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  @DisplayName("The outage is logged and shown on /ready within a few seconds, and its end is logged once")
  void shortOutageIsSeen(Vertx vertx, VertxTestContext testContext) {
    long[] stoppedAt = new long[1];
    vertx.executeBlocking(() -> {
      broker.stop();
      stoppedAt[0] = System.currentTimeMillis();
      return null;
    }).compose(v -> Probes.awaitReady(vertx, web, port, 503))
      .compose(notReady -> {
        long seenAfter = System.currentTimeMillis() - stoppedAt[0];
        List<String> downLines = lines("is unreachable");
        testContext.verify(() -> {
          assertThat(seenAfter).as("ms from the broker's stop to /ready saying so").isLessThan(5000);
          assertThat(Probes.check(notReady, "kafka").getJsonObject("data").getString("reason"))
            .contains("Kafka at " + broker.bootstrapServers() + " has been unreachable");
          assertThat(downLines).as("log lines saying Kafka is down, while it is").hasSize(1);
        });
        long rest = Math.max(1, 6000 - (System.currentTimeMillis() - stoppedAt[0]));
        return vertx.timer(rest);
      })
      .compose(v -> vertx.executeBlocking(() -> {
        broker.start();
        return null;
      }))
      .compose(v -> Probes.awaitReady(vertx, web, port, 200))
      .compose(ready -> vertx.timer(3000))
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        assertThat(lines("is unreachable")).as("log lines saying Kafka is down").hasSize(1);
        assertThat(lines("reachable again")).as("log lines saying Kafka is back").hasSize(1);
        testContext.completeNow();
      })));
  }

  private List<String> lines(String text) {
    return logs.list.stream()
      .map(ILoggingEvent::getFormattedMessage)
      .filter(line -> line.startsWith("Kafka at") && line.contains(text))
      .toList();
  }
}
