package io.ssehub.redis;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.Probes;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped for six seconds under the default timings (history in Redis, reconnect back-off from 100 ms to
 * 5 s): each of the node's Redis links logs the outage once and its end once, {@code /ready} shows it while it
 * lasts, and the same stream gets alerts again after it.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Redis down for six seconds")
class RedisShortOutageTest {

  private static final long OUTAGE_MILLIS = 6000;

  private final HubFixture hub = HubFixture.with(fixture -> new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("redis").add("alerts"))
      .put("redis", new JsonObject()
        .put("url", fixture.redisServer().url())
        .put("subscribe", new JsonArray().add("alerts"))))
    .withRedis()
    .withLogs("io.ssehub");

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx)
      .compose(id -> hub.redis().awaitSubscribers("alerts", 1))
      .compose(v -> hub.awaitReady(200))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("/ready and one line per link show the outage while it lasts, one line per link its end")
  void shortOutageIsSeen(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder alerts = await(hub.open("/sse"));
    await(NodeStats.awaitTopicConsumers(vertx, 1));
    await(hub.redis().publish("alerts", alert(1)));
    await(alerts.awaitEvents(1));

    hub.redisServer().stop();
    long stoppedAt = System.currentTimeMillis();
    JsonObject notReady = await(hub.awaitReady(503, OUTAGE_MILLIS));
    long shownAfter = System.currentTimeMillis() - stoppedAt;
    LoggerFactory.getLogger(RedisShortOutageTest.class).info("/ready showed the outage {} ms after Redis stopped",
      shownAfter);
    Thread.sleep(Math.max(1, OUTAGE_MILLIS - shownAfter));
    Map<String, Long> downWhileDown = linesPerLink("is unreachable");
    hub.redisServer().startAgain();
    await(hub.redis().awaitSubscribers("alerts", 1));
    await(hub.redis().publish("alerts", alert(2)));
    await(alerts.awaitEvents(2));
    await(hub.awaitReady(200));
    Thread.sleep(3000);

    testContext.verify(() -> {
      assertThat(Probes.check(notReady, "redis").getJsonObject("data").getString("reason")).contains("unreachable");
      assertThat(downWhileDown).as("links that logged the outage while it lasted, and how often")
        .containsEntry("The Redis bridge", 1L)
        .allSatisfy((link, count) -> assertThat(count).as(link).isEqualTo(1));
      assertThat(linesPerLink("is unreachable")).as("outage lines per link").isEqualTo(downWhileDown);
      assertThat(linesPerLink("reachable again")).as("recovery lines per link").isEqualTo(downWhileDown);
      assertThat(alerts.events()).extracting(event -> new JsonObject(event.data()).getString("message"))
        .containsExactly("Sending Message: 1", "Sending Message: 2");
    });
    testContext.completeNow();
  }

  /** How many log lines containing {@code text} each Redis link wrote, by the link's name up to " at redis://". */
  private Map<String, Long> linesPerLink(String text) {
    return hub.logs().events().stream()
      .map(ILoggingEvent::getFormattedMessage)
      .filter(line -> line.contains(" at redis://") && line.contains(text))
      .map(line -> line.substring(0, line.indexOf(" at redis://")))
      .map(link -> link.replaceAll(" \\[.*]$", ""))
      .collect(Collectors.groupingBy(link -> link, Collectors.counting()));
  }

  private static String alert(int n) {
    return "{\"key\": \"" + n + "\", \"message\": \"Sending Message: " + n + "\"}";
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
