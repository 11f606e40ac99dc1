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
  private static final Pattern PUBLISHED = Pattern.compile("(?m)^ssehub_events_published_total\\{[^}]*} ([0-9.eE+]+)$");
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
  @DisplayName("The warm-up's events are POSTed as a publisher's: the history gives each an id (counted) and stores none")
  void publishesOverHttp(Vertx vertx) throws Exception {
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(4, 100, 0).put("warmUpSettleMillis", 0)))
      .withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    Matcher line = WARMED.matcher(String.join("\n", messages()));
    assertThat(line.find()).as("the warm-up's log line, in %s", messages()).isTrue();
    String metrics = await(hub.get("/metrics").send()).bodyAsString();
    Matcher published = PUBLISHED.matcher(metrics);
    assertThat(published.find()).as("the published counter in %s", metrics).isTrue();
    // The node's clock, monitor and announcer publish about once a second each: far fewer than 100 in this start.
    assertThat(Double.parseDouble(published.group(1))).as("events given an id by the history").isGreaterThanOrEqualTo(100);
    JsonObject stored = await(hub.get("/topics/" + line.group(1) + "/events").send()).bodyAsJsonObject();
    assertThat(stored.getJsonArray("events")).as("warm-up events are never stored").isEmpty();
  }

  @Test
  @DisplayName("gateway.warmUpPasses 2: the traffic and the wait run twice, the second pass on a topic of its own")
  void runsEachPass(Vertx vertx) throws Exception {
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(6, 10, 0).put("warmUpSettleMillis", 400)
        .put("warmUpPasses", 2)))
      .withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    List<String> lines = messages();
    List<String> passes = lines.stream().filter(message -> WARMED.matcher(message).find()).toList();
    assertThat(passes).as("one line per pass, in %s", lines).hasSize(2);
    assertThat(passes.get(0)).endsWith("(pass 1 of 2)");
    assertThat(passes.get(1)).endsWith("(pass 2 of 2)");
    Matcher first = WARMED.matcher(passes.get(0));
    Matcher second = WARMED.matcher(passes.get(1));
    assertThat(first.find() && second.find()).isTrue();
    assertThat(second.group(1)).as("each pass has its own topic").isNotEqualTo(first.group(1));
    assertThat(second.group(2)).as("the second pass opens its streams too").isEqualTo("6");
    // The node goes on from the warm-up on its own event loop, never on a thread of Vert.x's internals.
    assertThat(hub.logs().events()).allSatisfy(event -> assertThat(event.getThreadName())
      .as("the thread of \"%s\"", event.getFormattedMessage()).startsWith("vert.x-eventloop-thread-"));
    int firstWait = indexOf(lines, SETTLED);
    assertThat(firstWait).as("the first pass waits for the JIT before the second starts")
      .isBetween(lines.indexOf(passes.get(0)), lines.indexOf(passes.get(1)));
  }

  @Test
  @DisplayName("A pass that ends early (its streams refused) ends the warm-up: no second pass, and the node starts")
  void earlyEndStopsThePasses(Vertx vertx) throws Exception {
    // Three HTTP connections at most: the warm-up's fourth stream is closed at once.
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(6, 10, 0).put("warmUpSettleMillis", 0)
        .put("warmUpPasses", 3))
        .put("limits", new JsonObject().put("maxHttpConnections", 3)))
      .withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    List<String> lines = messages();
    assertThat(lines.stream().filter(message -> message.startsWith("Warm-up ended early")).toList())
      .as("one early end, the first pass's, in %s", lines).hasSize(1)
      .allMatch(message -> message.contains("closed"));
    assertThat(lines).as("no pass after it").noneMatch(message -> WARMED.matcher(message).find());
    assertThat(await(hub.get("/ready").send()).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("Refused POSTs (limits.publishRate) do not end the pass: the rest of its events go over the bus")
  void refusedPublishesGoOverTheBus(Vertx vertx) throws Exception {
    // A burst of one: the warm-up's second POST is refused with 429.
    hub = HubFixture.with(new JsonObject().put("gateway", warmUp(4, 20, 0).put("warmUpSettleMillis", 0)
        .put("warmUpPasses", 1))
        .put("limits", new JsonObject().put("publishRate", 1).put("publishBurst", 1)))
      .withLogs(WarmUp.class);
    hub.start(vertx);
    await(hub.deploy(vertx));

    List<String> lines = messages();
    assertThat(lines).as("the switch is logged: %s", lines)
      .anyMatch(message -> message.startsWith("Warm-up publishes over the bus from here on") && message.contains("429"));
    Matcher line = WARMED.matcher(String.join("\n", lines));
    assertThat(line.find()).as("the pass completed: %s", lines).isTrue();
    assertThat(line.group(3)).isEqualTo("20");
    assertThat(lines).noneMatch(message -> message.startsWith("Warm-up ended early"));
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

  private static int indexOf(List<String> lines, Pattern pattern) {
    for (int i = 0; i < lines.size(); i++) {
      if (pattern.matcher(lines.get(i)).find()) {
        return i;
      }
    }
    return -1;
  }

  private List<String> messages() {
    return hub.logs().events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
