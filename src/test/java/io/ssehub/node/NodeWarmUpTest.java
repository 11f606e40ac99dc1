package io.ssehub.node;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A node warms its streams and /ssec up over loopback before it is up")
class NodeWarmUpTest {

  private static final Pattern WARMED = Pattern.compile(
    "Warmed up in \\d+ ms on topic (ssehub-warm-up-[0-9a-f]+): (\\d+) streams x (\\d+) events, (\\d+) /ssec calls");
  private static final Pattern SETTLED = Pattern.compile(
    "JIT (settled|still compiling) after (\\d+) ms \\((\\d+) ms of compilation meanwhile\\)");

  private HubFixture hub;

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Every warm-up stream opens and every /ssec call is answered before the node is up; nothing is stored")
  void warmsUpBeforeUp(Vertx vertx) throws Exception {
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(10, 20, 30))).withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    Matcher line = WARMED.matcher(String.join("\n", messages()));
    assertThat(line.find()).as("the warm-up's log line, in %s", messages()).isTrue();
    assertThat(line.group(2)).isEqualTo("10");
    assertThat(line.group(3)).isEqualTo("20");
    assertThat(line.group(4)).isEqualTo("30");
    JsonObject stored = await(hub.get("/topics/" + line.group(1) + "/events").send()).bodyAsJsonObject();
    assertThat(stored.getJsonArray("events")).as("warm-up events are never stored").isEmpty();
    assertThat(await(hub.get("/ready").send()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("The warm-up opens no more streams than the node lets one address open, and the node starts")
  void keepsToTheNodesLimits(Vertx vertx) throws Exception {
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(10, 5, 0))
        .put("limits", new JsonObject().put("maxConnectionsPerAddress", 3)))
      .withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    Matcher line = WARMED.matcher(String.join("\n", messages()));
    assertThat(line.find()).as("the warm-up's log line, in %s", messages()).isTrue();
    assertThat(line.group(2)).isEqualTo("3");
    assertThat(await(hub.get("/ready").send()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("After its traffic the warm-up waits for the JIT, never longer than gateway.warmUpSettleMillis")
  void settleIsBounded(Vertx vertx) throws Exception {
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(20, 50, 0).put("warmUpSettleMillis", 600)))
      .withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    String log = String.join("\n", messages());
    Matcher warmed = WARMED.matcher(log);
    assertThat(warmed.find()).as("the warm-up's log line, in %s", messages()).isTrue();
    assertThat(warmed.group(2)).as("both waves of streams open").isEqualTo("20");
    Matcher settled = SETTLED.matcher(log);
    assertThat(settled.find()).as("the settle step's log line, in %s", messages()).isTrue();
    assertThat(log.indexOf(settled.group())).as("the settle step comes after the traffic").isGreaterThan(warmed.start());
    // A step is 200 ms: the bound is checked at each step, so the wait ends at the first step at or past it.
    assertThat(Long.parseLong(settled.group(2))).isBetween(400L, 600L + 200 + 100);
  }

  @Test
  @DisplayName("gateway.warmUpSettleMillis 0: the node is up right after the warm-up's traffic, with no wait for the JIT")
  void noSettleWithZero(Vertx vertx) throws Exception {
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(4, 4, 0).put("warmUpSettleMillis", 0)))
      .withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    assertThat(WARMED.matcher(String.join("\n", messages())).find()).as("the warm-up ran: %s", messages()).isTrue();
    assertThat(SETTLED.matcher(String.join("\n", messages())).find()).as("no settle step: %s", messages()).isFalse();
  }

  private static JsonObject warmUp(int streams, int events, int requests) {
    return new JsonObject().put("warmUpStreams", streams).put("warmUpEvents", events).put("warmUpRequests", requests);
  }

  private List<String> messages() {
    return hub.logs().events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
