package io.ssehub.redis;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.Probes;
import io.ssehub.testing.RedisProbe;
import io.ssehub.testing.RedisServer;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
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

  private final int port = TestHub.freePort();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger hubLogger = (Logger) LoggerFactory.getLogger("io.ssehub");
  private RedisServer redisServer;
  private RedisProbe redis;
  private SseClient sse;
  private WebClient web;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    logs.start();
    hubLogger.addAppender(logs);
    redisServer = RedisServer.start();
    redis = new RedisProbe(vertx, redisServer);
    sse = new SseClient(vertx);
    web = WebClient.create(vertx);
    TestHub.deploy(vertx, TestHub.config(port, new JsonObject()
        .put("deploy", new JsonArray().add("history").add("gateway").add("redis").add("alerts"))
        .put("redis", new JsonObject()
          .put("url", redisServer.url())
          .put("subscribe", new JsonArray().add("alerts")))))
      .compose(id -> redis.awaitSubscribers("alerts", 1))
      .compose(v -> Probes.awaitReady(vertx, web, port, 200))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void stop() {
    hubLogger.detachAppender(logs);
    sse.close();
    web.close();
    redis.close();
    redisServer.stop();
  }

  @Test
  @DisplayName("/ready and one line per link show the outage while it lasts, one line per link its end")
  void shortOutageIsSeen(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder alerts = await(sse.open(port, "/sse"));
    await(NodeStats.awaitTopicConsumers(vertx, 1));
    await(redis.publish("alerts", alert(1)));
    await(alerts.awaitEvents(1));

    redisServer.stop();
    long stoppedAt = System.currentTimeMillis();
    JsonObject notReady = await(Probes.awaitReady(vertx, web, port, 503, OUTAGE_MILLIS));
    long shownAfter = System.currentTimeMillis() - stoppedAt;
    LoggerFactory.getLogger(RedisShortOutageTest.class).info("/ready showed the outage {} ms after Redis stopped",
      shownAfter);
    Thread.sleep(Math.max(1, OUTAGE_MILLIS - shownAfter));
    Map<String, Long> downWhileDown = linesPerLink("is unreachable");
    redisServer.startAgain();
    await(redis.awaitSubscribers("alerts", 1));
    await(redis.publish("alerts", alert(2)));
    await(alerts.awaitEvents(2));
    await(Probes.awaitReady(vertx, web, port, 200));
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
    return logs.list.stream()
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
