package io.ssehub.cluster;

import io.ssehub.testing.HubProcess;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three JVMs from the fat jar joined by Hazelcast: a worker from conf/workers.json (history, switchboard,
 * processors, ...) and two gateways from conf/gateway.json (gateway and monitor only). The history lives on the
 * worker, so every event crosses the event bus from there to each interested gateway node. Tests that need a
 * node to join, leave or die start a fourth node of their own.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A cluster of a worker JVM and gateway JVMs joined by Hazelcast")
class ClusterNodesIT {

  private final ClusterNodes cluster = new ClusterNodes(6);
  private Vertx vertx;
  private SseClient sse;
  private WebClient web;
  private HubProcess worker;
  private HubProcess gatewayA;
  private HubProcess gatewayB;

  @BeforeAll
  void startCluster() throws Exception {
    vertx = Vertx.vertx();
    sse = new SseClient(vertx);
    web = WebClient.create(vertx);
    worker = cluster.start("worker", "workers.json", new JsonObject());
    gatewayA = cluster.start("gateway-a", "gateway.json", new JsonObject());
    gatewayB = cluster.start("gateway-b", "gateway.json", new JsonObject());
    for (HubProcess node : List.of(worker, gatewayA, gatewayB)) {
      await(ClusterNodes.awaitMembers(vertx, web, node, 3));
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    sse.close();
    web.close();
    cluster.close();
    await(vertx.close());
  }

  @Test
  @DisplayName("A publish reaches the subscribers of every gateway node, with one event-bus message per node, not per connection")
  void publishCrossesTheBusOncePerNode() throws Exception {
    List<SseRecorder> onA = open(gatewayA, "/topics/cross", 20);
    List<SseRecorder> onB = open(gatewayB, "/topics/cross", 20);
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayA.port(), 1));
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayB.port(), 1));

    double sentBefore = metric(worker, "vertx_eventbus_bytes_written_count");
    long started = System.nanoTime();
    await(publishInTurn(worker, "cross", 1, 50));
    for (SseRecorder recorder : concat(onA, onB)) {
      await(recorder.awaitEvents(50));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double sentToPeers = metric(worker, "vertx_eventbus_bytes_written_count") - sentBefore;
    await(publishInTurn(gatewayB, "cross", 51, 5));
    for (SseRecorder recorder : concat(onA, onB)) {
      await(recorder.awaitEvents(55));
    }

    List<String> ids = onA.get(0).events().stream().map(SseEvent::id).toList();
    assertThat(concat(onA, onB)).allSatisfy(recorder -> {
      assertThat(TopicLoad.numbers(recorder.events())).containsExactlyElementsOf(IntStream.rangeClosed(1, 55).boxed().toList());
      assertThat(recorder.events()).extracting(SseEvent::id).containsExactlyElementsOf(ids);
    });
    // 50 events to 2 interested nodes: 100 messages, plus about one monitor reply a second to each gateway.
    assertThat(sentToPeers)
      .as("messages the worker sent to its peers while publishing 50 events to 40 streams on 2 nodes")
      .isBetween(100.0, 100.0 + 10 + 4 * seconds);
  }

  @Test
  @DisplayName("/ssec on a gateway-only node is answered by the worker's processors within the 50 ms window")
  void ssecAcrossNodes() throws Exception {
    for (int i = 0; i < 5; i++) {
      ssec(gatewayA, "warm" + i);
    }
    List<String> answers = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String m = "cluster" + i;
      answers.add(ssec(gatewayA, m));
      expected.add(ssec(worker, m));
    }
    assertThat(answers).doesNotContain("no_reply");
    assertThat(answers).containsExactlyElementsOf(expected);
    assertThat(answers.get(7)).contains("cluster7", "CLUSTER7");
  }

  @Test
  @DisplayName("Processors of the same stage on two nodes share the /ssec load across the cluster")
  void processorsScaleOutAcrossNodes() throws Exception {
    // This test is about where the work goes, not about the 50 ms window (ssecAcrossNodes and DeadlineTest are):
    // its calls go through the processors node's own gateway, whose window is a second, so that a pause of one
    // of four JVMs on two cores cannot turn an answer into no_reply.
    HubProcess processors = cluster.start("processors", "processors.json", new JsonObject()
      .put("deploy", new JsonArray().add("processors").add("gateway"))
      .put("switchboard", new JsonObject().put("windowMillis", 1000)));
    await(ClusterNodes.awaitMembers(vertx, web, gatewayA, 4));
    await(ClusterNodes.awaitMembers(vertx, web, processors, 4));
    try {
      // A JVM that has just started loads and compiles its classes on its first messages, which can take
      // longer than the 50 ms window: as in ssecAcrossNodes, a few calls first, whose answers are not judged.
      for (int i = 0; i < 10; i++) {
        ssec(processors, "warm" + i);
      }
      for (int i = 0; i < 60; i++) {
        String m = "spread" + i;
        assertThat(ssec(processors, m)).isEqualTo(m + " " + m.toUpperCase() + " " + new StringBuilder(m + " " + m.toUpperCase()).reverse());
      }
      for (HubProcess node : List.of(worker, processors)) {
        String name = node == worker ? "the worker" : "the processors node";
        JsonObject stages = await(web.get(node.port(), "127.0.0.1", "/processors/stats").send()).bodyAsJsonObject()
          .getJsonObject("stages");
        for (String stage : List.of("upper", "reverse")) {
          long processed = stages.getJsonArray(stage).stream()
            .mapToLong(instance -> ((JsonObject) instance).getLong("processed"))
            .sum();
          assertThat(processed).as("messages handled by the %s instances of %s", stage, name)
            .isPositive();
        }
      }
    } finally {
      processors.close();
      await(ClusterNodes.awaitMembers(vertx, web, gatewayA, 3));
    }
  }

  @Test
  @DisplayName("A gateway node that joins under load, and then leaves with SIGTERM, costs the other nodes' clients nothing")
  void joinAndLeaveUnderLoad() throws Exception {
    List<SseRecorder> onA = open(gatewayA, "/topics/joining", 10);
    List<SseRecorder> onB = open(gatewayB, "/topics/joining", 10);
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayA.port(), 1));
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayB.port(), 1));
    TopicLoad load = new TopicLoad(vertx, web, worker.port(), "joining").start(40);

    await(onA.get(0).awaitEvents(10));
    HubProcess joiner = cluster.start("gateway-joining", "gateway.json", new JsonObject());
    await(ClusterNodes.awaitMembers(vertx, web, gatewayA, 4));
    List<SseRecorder> onJoiner = open(joiner, "/topics/joining", 10);
    await(NodeStats.awaitTopicConsumers(vertx, web, joiner.port(), 1));
    int seenByJoiner = load.published() + 1;
    await(onJoiner.get(0).await(recorder -> TopicLoad.numbers(recorder.events()).contains(seenByJoiner + 20)));
    joiner.close();
    await(ClusterNodes.awaitMembers(vertx, web, gatewayA, 3));
    int published = await(load.stop());

    assertThat(load.failed()).as("publishes that failed").isZero();
    assertThat(concat(onA, onB)).allSatisfy(recorder -> {
      await(recorder.awaitEvents(published));
      assertThat(TopicLoad.numbers(recorder.events()))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, published).boxed().toList());
    });
    assertThat(onJoiner).allSatisfy(recorder -> {
      List<Integer> numbers = TopicLoad.numbers(recorder.events());
      assertThat(numbers).contains(seenByJoiner + 20);
      assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(numbers.get(0), numbers.get(numbers.size() - 1))
        .boxed().toList());
    });
  }

  @Test
  @DisplayName("After kill -9 of a gateway node its clients resume on another with Last-Event-ID and lose nothing; the cluster notices within seconds")
  void killedGatewaysClientsResumeElsewhere() throws Exception {
    HubProcess doomed = cluster.start("gateway-doomed", "gateway.json", new JsonObject());
    await(ClusterNodes.awaitMembers(vertx, web, gatewayA, 4));
    List<SseRecorder> before = open(doomed, "/topics/failover", 10);
    await(NodeStats.awaitTopicConsumers(vertx, web, doomed.port(), 1));
    TopicLoad load = new TopicLoad(vertx, web, gatewayA.port(), "failover").start(40);
    await(before.get(0).awaitEvents(15));

    doomed.kill();
    List<SseRecorder> after = new ArrayList<>();
    for (SseRecorder recorder : before) {
      after.add(await(sse.resumeElsewhere(recorder, gatewayB.port(), "/topics/failover")));
    }
    long noticedMillis = await(ClusterNodes.awaitMembers(vertx, web, gatewayA, 3));
    JsonObject monitor = await(web.get(gatewayA.port(), "127.0.0.1", "/monitor").send()).bodyAsJsonObject();
    await(after.get(0).await(recorder -> recorder.events().size() >= 20));
    int published = await(load.stop());

    assertThat(load.failed()).as("publishes that failed").isZero();
    assertThat(noticedMillis).as("milliseconds until the others dropped the killed member").isLessThan(10_000);
    assertThat(monitor.getInteger("clusterMembers")).as("/monitor's cluster members after the kill").isEqualTo(3);
    for (int i = 0; i < before.size(); i++) {
      SseRecorder resumed = after.get(i);
      await(resumed.await(recorder -> TopicLoad.numbers(recorder.events()).contains(published)));
      List<Integer> all = new ArrayList<>(TopicLoad.numbers(before.get(i).events()));
      all.addAll(TopicLoad.numbers(resumed.events()));
      assertThat(all).as("client " + i + " before and after the kill")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, published).boxed().toList());
    }
  }

  private List<SseRecorder> open(HubProcess node, String uri, int count) throws Exception {
    List<SseRecorder> recorders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      recorders.add(await(sse.open(node.port(), uri)));
    }
    return recorders;
  }

  private Future<Void> publishInTurn(HubProcess node, String topic, int first, int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int n = first; n < first + count; n++) {
      int number = n;
      chain = chain.compose(v -> web.post(node.port(), "127.0.0.1", "/topics/" + topic)
        .sendBuffer(Buffer.buffer("n=" + number))
        .map(response -> {
          if (response.statusCode() != 201) {
            throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.bodyAsString());
          }
          return null;
        }));
    }
    return chain;
  }

  private String ssec(HubProcess node, String m) throws Exception {
    return await(web.get(node.port(), "127.0.0.1", "/ssec").addQueryParam("m", m).send()).bodyAsString();
  }

  /** A figure of the node's {@code /metrics}; 0 before the meter's first use, when it is not listed yet. */
  private double metric(HubProcess node, String name) throws Exception {
    String text = await(web.get(node.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
    return text.lines()
      .filter(line -> line.startsWith(name + " "))
      .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
      .findFirst()
      .orElse(0);
  }

  private static List<SseRecorder> concat(List<SseRecorder> a, List<SseRecorder> b) {
    List<SseRecorder> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
