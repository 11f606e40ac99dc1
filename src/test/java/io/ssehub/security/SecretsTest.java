package io.ssehub.security;

import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.Probes;
import io.ssehub.testing.TestHub;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A password in a Redis URL shows in no answer and no log line of the hub")
class SecretsTest {

  private static final String PASSWORD = "S3cretRedisPassw0rd";
  private static final String WRONG_PASSWORD = "Wr0ngRedisPassw0rd";

  private final HubFixture hub = HubFixture.defaults()
    .withRedisPassword(PASSWORD)
    .withLogs(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("/ready, /health, /metrics and /monitor, and the log, name the Redis host but not its password, "
    + "while Redis is up and while it is unreachable")
  void passwordNeverShown(Vertx vertx, VertxTestContext testContext) throws Exception {
    await(TestHub.deploy(vertx, config(hub.redisServer().url())));
    List<String> answers = new ArrayList<>(operatorViews());

    hub.redisServer().stop();
    JsonObject notReady = await(hub.awaitReady(503));
    answers.addAll(operatorViews());

    testContext.verify(() -> {
      String reason = Probes.check(notReady, "redis").getJsonObject("data").getString("reason");
      assertThat(reason).contains("127.0.0.1:" + hub.redisServer().port()).contains("unreachable");
      assertThat(notReady.encode()).doesNotContain(PASSWORD);
      assertThat(answers).hasSize(8).allSatisfy(answer -> assertThat(answer).doesNotContain(PASSWORD));
      assertThat(logLines()).anySatisfy(line -> assertThat(line).contains("unreachable"));
      assertThat(logLines()).allSatisfy(line -> assertThat(line).doesNotContain(PASSWORD));
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("A wrong Redis password is refused and said so in the log and on /ready, without printing it")
  void wrongPasswordNeverShown(Vertx vertx, VertxTestContext testContext) throws Exception {
    JsonObject config = config(hub.redisServer().urlWithPassword(WRONG_PASSWORD));
    config.remove("reports");
    config.put("deploy", new JsonArray().add("history").add("gateway").add("redis").add("monitor"));
    await(TestHub.deploy(vertx, config));
    JsonObject notReady = await(hub.awaitReady(503));
    List<String> answers = operatorViews();

    testContext.verify(() -> {
      assertThat(Probes.check(notReady, "redis").getJsonObject("data").getString("reason"))
        .contains("127.0.0.1:" + hub.redisServer().port())
        .contains("WRONGPASS");
      assertThat(notReady.encode()).doesNotContain(WRONG_PASSWORD);
      assertThat(answers).hasSize(4).allSatisfy(answer -> assertThat(answer).doesNotContain(WRONG_PASSWORD));
      assertThat(logLines()).anySatisfy(line -> assertThat(line).contains("WRONGPASS"));
      assertThat(logLines()).allSatisfy(line -> assertThat(line).doesNotContain(WRONG_PASSWORD));
    });
    testContext.completeNow();
  }

  /** What an operator reads off the node: the bodies of /ready, /health, /metrics and /monitor. */
  private List<String> operatorViews() throws Exception {
    List<String> bodies = new ArrayList<>();
    for (String uri : List.of("/ready", "/health", "/metrics", "/monitor")) {
      bodies.add(await(hub.get(uri).send()).bodyAsString());
    }
    return bodies;
  }

  /** Every captured log line as it would be printed: the message, then the stack trace if any. */
  private List<String> logLines() {
    return List.copyOf(hub.logs().events()).stream()
      .map(event -> event.getFormattedMessage()
        + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())))
      .toList();
  }

  private JsonObject config(String redisUrl) {
    return TestHub.config(hub.port(), new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("redis").add("monitor").add("reports"))
      .put("redis", new JsonObject()
        .put("url", redisUrl)
        .put("subscribe", new JsonArray().add("alerts"))
        .put("reconnectMinMillis", 50)
        .put("reconnectMaxMillis", 500))
      .put("reports", new JsonObject().put("redis", new JsonObject().put("connectionString", redisUrl))));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
