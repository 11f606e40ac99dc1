package io.ssehub.polyglot;

import io.ssehub.testing.BridgeClient;
import io.ssehub.testing.ProcessOutput;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipeline stages served by real {@code python3} and {@code node} processes over the TCP bridge. The window is
 * 1 s unless a test is about the deadline: on a loaded 2-core machine the scheduling of separate processes alone
 * can now and then exceed 50 ms, and what these tests check is the protocol, the sharing and the failures.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Pipeline stages served by Python and Node processes over the TCP event-bus bridge")
class PolyglotPipelineTest {

  private static final String MEOW = "meow meow MEOW MEOW WOEM WOEM woem woem";
  private static final String PASSED = "passed ";

  private final int port = TestHub.freePort();
  private final int bridgePort = TestHub.freePort();
  private final String node = "polyglot-test-" + port;
  private final BusProcesses processes = new BusProcesses(bridgePort);
  private Vertx vertx;
  private WebClient web;

  @BeforeEach
  void createClient(Vertx vertx) {
    this.vertx = vertx;
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stopProcesses() throws InterruptedException {
    processes.stopAll();
    web.close();
  }

  @Test
  @DisplayName("A Python upper and a Node reverse give seed 000's string for /ssec?m=meow%20meow")
  void pythonUpperNodeReverse() throws Exception {
    deploy(Bridges.busPipeline(1000, "upper", "reverse"));
    ProcessOutput upper = processes.python("upper");
    ProcessOutput reverse = processes.node("reverse");

    assertThat(ssec("meow%20meow")).isEqualTo(MEOW);
    // Each processor prints its line after it has sent the message on, so the answer can come before the line.
    upper.await(line -> line.startsWith(PASSED), 5000);
    reverse.await(line -> line.startsWith(PASSED), 5000);
    assertThat(upper.count(line -> line.startsWith(PASSED))).isEqualTo(1);
    assertThat(reverse.count(line -> line.startsWith(PASSED))).isEqualTo(1);
  }

  @Test
  @DisplayName("Two Python uppers registered on one stage share its calls, and every call is answered")
  void twoUppersShareAStage() throws Exception {
    deploy(Bridges.busPipeline(1000, "upper", "reverse:reverse"));
    ProcessOutput first = processes.python("upper");
    ProcessOutput second = processes.python("upper");

    for (int i = 0; i < 20; i++) {
      assertThat(ssec("meow%20meow")).isEqualTo(MEOW);
    }
    awaitPassed(List.of(first, second), 20);
    long byFirst = first.count(line -> line.startsWith(PASSED));
    long bySecond = second.count(line -> line.startsWith(PASSED));
    assertThat(byFirst + bySecond).isEqualTo(20);
    assertThat(byFirst).as("calls the first process passed on").isPositive();
    assertThat(bySecond).as("calls the second process passed on").isPositive();
  }

  @Test
  @DisplayName("One of two Python uppers killed under load costs only the calls it held: later calls are answered")
  void killedProcessCostsOnlyItsCalls() throws Exception {
    deploy(Bridges.busPipeline(1000, "upper", "reverse:reverse"));
    ProcessOutput doomed = processes.python("upper");
    ProcessOutput survivor = processes.python("upper");

    List<Future<String>> beforeKill = load(100, 10);
    doomed.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    List<Future<String>> rightAfter = load(20, 10);
    List<Future<String>> later = load(100, 10);

    List<String> before = answers(beforeKill);
    List<String> around = answers(rightAfter);
    List<String> after = answers(later);
    long lost = before.stream().filter("no_reply"::equals).count() + around.stream().filter("no_reply"::equals).count();
    assertThat(lost).as("no_reply answers: the calls in the killed process, at most a few").isLessThanOrEqualTo(3);
    assertThat(after).as("calls once the bridge has seen the process go").containsOnly(MEOW);
    doomed.await(line -> line.startsWith(PASSED), 5000);
    survivor.await(line -> line.startsWith(PASSED), 100, 5000);
    assertThat(doomed.count(line -> line.startsWith(PASSED))).isPositive();
    assertThat(survivor.count(line -> line.startsWith(PASSED))).isGreaterThanOrEqualTo(100);
  }

  @Test
  @DisplayName("A message whose deadline passes inside a Python processor is dropped there: /ssec says no_reply and "
    + "the processor sends nothing after the window")
  void deadlinePassesInsideTheProcessor() throws Exception {
    deploy(Bridges.busPipeline(300, "upper"));
    ProcessOutput slow = processes.python("upper", "--delay-ms", "600");

    long start = System.nanoTime();
    assertThat(ssec("meow")).isEqualTo("no_reply");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(295);
    slow.await(line -> line.startsWith("dropped a message past its deadline"), 10_000);
    assertThat(slow.count(line -> line.startsWith(PASSED))).isZero();
  }

  @Test
  @DisplayName("A message that reaches a Python or Node processor with no budget left is dropped there, not processed")
  void expiredOnArrivalIsDropped() throws Exception {
    deploy(Bridges.busPipeline(1000, "upper", "reverse"));
    ProcessOutput upper = processes.python("upper");
    ProcessOutput reverse = processes.node("reverse");
    BridgeClient sink = await(BridgeClient.connect(vertx, bridgePort));
    await(sink.writeAndSync(BridgeClient.register("processor.sink", new JsonObject())));

    for (String stage : List.of("processor.upper", "processor.reverse")) {
      sink.write(BridgeClient.send(stage, stageMessage("late", 0), new JsonObject()));
      sink.write(BridgeClient.send(stage, stageMessage("in time", 5000), new JsonObject()));
    }
    JsonObject first = await(sink.next("message", 5000));
    JsonObject second = await(sink.next("message", 5000));
    upper.await(line -> line.startsWith("dropped a message past its deadline"), 5000);
    reverse.await(line -> line.startsWith("dropped a message past its deadline"), 5000);
    Thread.sleep(300);
    Future<JsonObject> third = sink.next("message", 200);
    await(third.otherwiseEmpty());
    await(sink.close());

    assertThat(List.of(first, second)).extracting(frame -> frame.getJsonObject("body").getString("m"))
      .containsExactlyInAnyOrder("in time IN TIME", "in time emit ni");
    assertThat(third.failed()).as("a third message at the sink").isTrue();
    assertThat(upper.count(line -> line.startsWith(PASSED))).isEqualTo(1);
    assertThat(reverse.count(line -> line.startsWith(PASSED))).isEqualTo(1);
  }

  /** Waits (at most 5 s) until the processes together have printed {@code total} "passed" lines. */
  private static void awaitPassed(List<ProcessOutput> outputs, long total) throws InterruptedException {
    long end = System.currentTimeMillis() + 5000;
    while (outputs.stream().mapToLong(output -> output.count(line -> line.startsWith(PASSED))).sum() < total
      && System.currentTimeMillis() < end) {
      Thread.sleep(20);
    }
  }

  private static JsonObject stageMessage(String m, long budgetMillis) {
    return new JsonObject().put("m", m).put("ticket", "test").put("route", new JsonArray().add("processor.sink"))
      .put("budgetMillis", budgetMillis);
  }

  @Test
  @DisplayName("When the hub restarts, the Python and Node processors reconnect by themselves and serve again")
  void processorsReconnect() throws Exception {
    String hub = deploy(Bridges.busPipeline(1000, "upper", "reverse"));
    ProcessOutput upper = processes.python("upper");
    ProcessOutput reverse = processes.node("reverse");
    assertThat(ssec("meow%20meow")).isEqualTo(MEOW);

    await(vertx.undeploy(hub));
    upper.await(line -> line.contains(" lost"), 10_000);
    reverse.await(line -> line.contains(" lost"), 10_000);
    deploy(Bridges.busPipeline(1000, "upper", "reverse"));
    upper.await(line -> line.startsWith("serving processor.upper"), 2, 20_000);
    reverse.await(line -> line.startsWith("serving processor.reverse"), 2, 20_000);

    assertThat(ssec("meow%20meow")).isEqualTo(MEOW);
  }

  private String deploy(JsonObject switchboard) throws Exception {
    JsonObject config = Bridges.hub(node, port, bridgePort).put("switchboard", switchboard.put("warmUpCalls", 0));
    return await(TestHub.deploy(vertx, config));
  }

  private String ssec(String m) throws Exception {
    return await(web.get(port, "127.0.0.1", "/ssec?m=" + m).send()).bodyAsString();
  }

  /** {@code count} calls, one every {@code everyMillis}, without waiting for their answers. */
  private List<Future<String>> load(int count, long everyMillis) throws InterruptedException {
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(web.get(port, "127.0.0.1", "/ssec?m=meow%20meow").send().map(response -> response.bodyAsString()));
      Thread.sleep(everyMillis);
    }
    return answers;
  }

  private static List<String> answers(List<Future<String>> calls) throws Exception {
    List<String> answers = new ArrayList<>();
    for (Future<String> call : calls) {
      answers.add(await(call));
    }
    return answers;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
