package io.ssehub.cluster;

import io.ssehub.testing.HubProcess;
import io.ssehub.testing.NetNamespaces;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.RedisServer;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A network partition, in Linux network namespaces that the test makes ({@link NetNamespaces}): a worker
 * (conf/workers-redis.json), two gateways (conf/gateway-redis.json) and a redis-server, each in its own namespace
 * on a bridge. Gateway B's link to the bridge goes down for {@value #CUT_MILLIS} ms, which cuts it off from the
 * other nodes and from Redis, while the test still reaches it (and its clients stay connected) over a link of
 * its own. Events are published all along through gateway A.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A gateway cut off from the cluster and from Redis, then healed")
class PartitionIT {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionIT.class);
  private static final String TOPIC = "partition";
  private static final long CUT_MILLIS = 10_000;
  private static final long PUBLISH_PERIOD_MILLIS = 50;
  private static final long WAIT_MILLIS = 60_000;
  private static final int CLIENTS_PER_GROUP = 3;
  private static final int PUBLISHED_THROUGH_B = 5;
  /** A majority of the three nodes: the side of the cut with two stays ready, the node alone does not. */
  private static final int QUORUM = 2;

  private final String clusterName = "sse-hub-partition-" + UUID.randomUUID().toString().substring(0, 8);
  private NetNamespaces net;
  private NetNamespaces.Host hostB;
  private RedisServer redisServer;
  private SseClient sse;
  private WebClient web;
  private final List<HubProcess> nodes = new ArrayList<>();
  private HubProcess worker;
  private HubProcess gatewayA;
  private HubProcess gatewayB;

  @BeforeEach
  void start(Vertx vertx) {
    NetNamespaces.assumeAvailable();
    net = new NetNamespaces();
    NetNamespaces.Host redisHost = net.host("redis", 10);
    NetNamespaces.Host workerHost = net.host("worker", 11);
    NetNamespaces.Host hostA = net.host("gwa", 12);
    hostB = net.host("gwb", 13);
    redisServer = RedisServer.start(redisHost.exec(), redisHost.address());
    sse = new SseClient(vertx);
    web = WebClient.create(vertx);
    List<NetNamespaces.Host> cluster = List.of(workerHost, hostA, hostB);
    List<Integer> hazelcastPorts = cluster.stream().map(host -> TestHub.freePort()).toList();
    String members = IntStream.range(0, cluster.size())
      .mapToObj(i -> cluster.get(i).address() + ":" + hazelcastPorts.get(i))
      .collect(Collectors.joining(","));
    worker = startNode("partition-worker", "workers-redis.json", workerHost, hazelcastPorts.get(0), members);
    gatewayA = startNode("partition-gateway-a", "gateway-redis.json", hostA, hazelcastPorts.get(1), members);
    gatewayB = startNode("partition-gateway-b", "gateway-redis.json", hostB, hazelcastPorts.get(2), members);
    for (HubProcess node : nodes) {
      await(ClusterNodes.awaitMembers(vertx, web, node, 3));
    }
  }

  private HubProcess startNode(String name, String roleFile, NetNamespaces.Host host, int hazelcastPort,
                               String members) {
    String clientAddress = net.clientLink(host);
    JsonObject config = ClusterNodes.role(roleFile, new JsonObject()
      .put("nodeName", name)
      .put("cluster", new JsonObject().put("quorum", QUORUM))
      .put("gateway", new JsonObject().put("host", "0.0.0.0"))
      .put("redis", new JsonObject().put("url", redisServer.url())));
    HubProcess node = HubProcess.start(host.exec(), clientAddress, name, config, List.of(
      "-Dhub.cluster.name=" + clusterName,
      "-Dhub.cluster.port=" + hazelcastPort,
      "-Dhub.cluster.members=" + members,
      "-Dhub.cluster.interface=" + host.address()), List.of("-cluster"));
    nodes.add(node);
    return node;
  }

  /** Runs also when {@code start} failed half-way: it stops what was started and removes the namespaces. */
  @AfterEach
  void stop() {
    try {
      if (sse != null) {
        sse.close();
      }
      if (web != null) {
        web.close();
      }
      nodes.forEach(HubProcess::close);
      if (redisServer != null) {
        redisServer.stop();
      }
    } finally {
      if (net != null) {
        net.close();
      }
    }
  }

  @Test
  @DisplayName("Every event published during a 10 s cut reaches every client once, in order, on either node; the cut node is not ready while cut and ready with 3 members after")
  void cutGatewayCatchesUp(Vertx vertx) {
    List<SseRecorder> onA = open(gatewayA, CLIENTS_PER_GROUP);
    List<SseRecorder> stayOnB = open(gatewayB, CLIENTS_PER_GROUP);
    List<SseRecorder> leaveBForA = open(gatewayB, CLIENTS_PER_GROUP);
    List<SseRecorder> leaveBAndReturn = open(gatewayB, CLIENTS_PER_GROUP);
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayA.host(), gatewayA.port(), 1));
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayB.host(), gatewayB.port(), 1));
    TopicLoad load = new TopicLoad(vertx, web, gatewayA.host(), gatewayA.port(), TOPIC).start(PUBLISH_PERIOD_MILLIS);
    for (SseRecorder client : all(onA, stayOnB, leaveBForA, leaveBAndReturn)) {
      await(client.awaitEvents(10));
    }

    long cutAt = System.currentTimeMillis();
    int firstDuringCut = load.published() + 1;
    net.cut(hostB);
    Readiness whileCut = awaitReadiness(gatewayB, answer -> answer.statusCode() == 503, cutAt + CUT_MILLIS);
    long notReadyMillis = System.currentTimeMillis() - cutAt;
    // What a load balancer that follows /ready does: the streams of a node that is not ready go elsewhere, or
    // come back to it once it is ready again.
    List<Segments> movedToA = new ArrayList<>();
    for (SseRecorder client : leaveBForA) {
      movedToA.add(new Segments(client).resume(sse, gatewayA));
    }
    List<Segments> returning = leaveBAndReturn.stream().map(Segments::new).toList();
    sleepUntil(cutAt + CUT_MILLIS - 3000);
    Readiness lateInCut = awaitReadiness(gatewayB, answer -> true, cutAt + CUT_MILLIS);
    Readiness aWhileCut = awaitReadiness(gatewayA, answer -> answer.statusCode() == 200, cutAt + CUT_MILLIS);
    sleepUntil(cutAt + CUT_MILLIS);
    int lastDuringCut = load.published();
    long healedAt = System.currentTimeMillis();
    net.heal(hostB);

    long readyAgainMillis = await(ClusterNodes.awaitMembers(vertx, web, gatewayB, 3));
    await(ClusterNodes.awaitMembers(vertx, web, gatewayA, 3));
    await(ClusterNodes.awaitMembers(vertx, web, worker, 3));
    for (Segments client : returning) {
      client.resume(sse, gatewayB);
    }
    List<Segments> clients = new ArrayList<>();
    onA.forEach(client -> clients.add(new Segments(client)));
    stayOnB.forEach(client -> clients.add(new Segments(client)));
    clients.addAll(movedToA);
    clients.addAll(returning);
    for (Segments client : clients) {
      await(client.current().await(recorder -> client.numbers().contains(lastDuringCut)));
    }
    long resumeMillis = System.currentTimeMillis() - healedAt;

    int publishedThroughA = await(load.stop());
    for (int n = publishedThroughA + 1; n <= publishedThroughA + PUBLISHED_THROUGH_B; n++) {
      HttpResponse<Buffer> answer = await(web.post(gatewayB.port(), gatewayB.host(), "/topics/" + TOPIC)
        .sendBuffer(Buffer.buffer("n=" + n)));
      assertThat(answer.statusCode()).as("publish n=%d through the healed gateway", n).isEqualTo(201);
    }
    int total = publishedThroughA + PUBLISHED_THROUGH_B;
    for (Segments client : clients) {
      await(client.current().await(recorder -> client.numbers().contains(total)));
    }
    List<String> ssecAnswers = ssecThroughB();

    Counts counts = Counts.of(clients, firstDuringCut, lastDuringCut);
    LOG.info("Partition of gateway B for {} ms: {} events published during the cut, {} delivered to {} clients "
        + "({} expected), {} lost, {} duplicated; B not ready {} ms after the cut, ready with 3 members {} ms after "
        + "the heal; every client had every event of the cut {} ms after the heal; {} published in all, failed {}",
      CUT_MILLIS, counts.published(), counts.delivered(), clients.size(), counts.published() * clients.size(),
      counts.lost(), counts.duplicated(), notReadyMillis, readyAgainMillis, resumeMillis, total, load.failed());

    assertThat(lateInCut.status()).as("B's /ready late in the cut: %s", lateInCut.body()).isEqualTo(503);
    assertThat(lateInCut.checkStatus("cluster")).as("B's cluster check late in the cut: %s", lateInCut.body())
      .isEqualTo("DOWN");
    assertThat(notReadyMillis).as("ms from the cut until B said not ready").isLessThan(CUT_MILLIS);
    assertThat(aWhileCut.members()).as("members A counts on its /ready during the cut: %s", aWhileCut.body())
      .isEqualTo(2);
    assertThat(counts.published()).as("events published during the cut").isGreaterThan(50);
    assertThat(load.failed()).as("publishes through A that failed").isZero();
    for (int i = 0; i < clients.size(); i++) {
      assertThat(clients.get(i).numbers()).as("client %d (%s): every event once, in order", i, clients.get(i).path())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
    }
    assertThat(counts.lost()).isZero();
    assertThat(counts.duplicated()).isZero();
    assertThat(ssecAnswers).as("/ssec on B after the heal, answered by the worker's processors")
      .allSatisfy(answer -> assertThat(answer).startsWith("healed").doesNotContain("no_reply"));
  }

  /** A few calls first, whose answers are not judged, as the JVM compiles its classes on its first messages. */
  private List<String> ssecThroughB() {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String answer = await(web.get(gatewayB.port(), gatewayB.host(), "/ssec").addQueryParam("m", "healed" + i).send())
        .bodyAsString();
      if (i >= 5) {
        answers.add(answer);
      }
    }
    return answers;
  }

  private List<SseRecorder> open(HubProcess node, int count) {
    List<SseRecorder> clients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clients.add(await(sse.open(node.host(), node.port(), "/topics/" + TOPIC, MultiMap.caseInsensitiveMultiMap())));
    }
    return clients;
  }

  @SafeVarargs
  private static List<SseRecorder> all(List<SseRecorder>... groups) {
    return Stream.of(groups).flatMap(List::stream).toList();
  }

  /** The last {@code /ready} answer seen, with its checks by id. */
  private record Readiness(int status, String body) {

    /** The member count of the {@code cluster} check, or -1 when it gives none. */
    int members() {
      return check("cluster").getJsonObject("data", new JsonObject()).getInteger("members", -1);
    }

    String checkStatus(String id) {
      return check(id).getString("status", "(no such check)");
    }

    private JsonObject check(String id) {
      return new JsonObject(body).getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(check -> id.equals(check.getString("id")))
        .findFirst()
        .orElse(new JsonObject());
    }
  }

  /** Polls {@code /ready} until {@code condition} holds; fails once {@code deadline} has passed. */
  private Readiness awaitReadiness(HubProcess node, Predicate<HttpResponse<Buffer>> condition,
                                   long deadline) {
    String last = "(no answer)";
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<Buffer> answer = web.get(node.port(), node.host(), "/ready").timeout(3000).send()
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        last = answer.statusCode() + " " + answer.bodyAsString();
        if (condition.test(answer)) {
          return new Readiness(answer.statusCode(), answer.bodyAsString());
        }
      } catch (Exception e) {
        last = e.toString();
      }
      sleepUntil(System.currentTimeMillis() + 100);
    }
    throw new AssertionError("the node on " + node.host() + ":" + node.port() + " did not change its /ready in time; "
      + "its last answer: " + last);
  }

  /** One client's streams, one after another: the first, then each one it resumed with Last-Event-ID. */
  private static final class Segments {

    private final List<SseRecorder> streams = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();

    Segments(SseRecorder first) {
      streams.add(first);
      nodes.add("first node");
    }

    /** Closes the current stream, and opens one on {@code node} with the last id it had. */
    Segments resume(SseClient sse, HubProcess node) {
      SseRecorder current = current();
      await(current.close());
      List<SseEvent> events = current.events();
      MultiMap lastId = MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", events.get(events.size() - 1).id());
      streams.add(await(sse.open(node.host(), node.port(), "/topics/" + TOPIC, lastId)));
      nodes.add(node.host());
      return this;
    }

    SseRecorder current() {
      return streams.get(streams.size() - 1);
    }

    List<Integer> numbers() {
      List<Integer> numbers = new ArrayList<>();
      streams.forEach(stream -> numbers.addAll(TopicLoad.numbers(stream.events())));
      return numbers;
    }

    String path() {
      return String.join(" -> ", nodes);
    }
  }

  /** The events published during the cut, and how the clients received them. */
  private record Counts(int published, long delivered, long lost, long duplicated) {

    static Counts of(List<Segments> clients, int first, int last) {
      long delivered = 0;
      long lost = 0;
      long duplicated = 0;
      for (Segments client : clients) {
        Map<Integer, Integer> seen = new HashMap<>();
        client.numbers().stream().filter(n -> n >= first && n <= last).forEach(n -> seen.merge(n, 1, Integer::sum));
        delivered += seen.values().stream().mapToInt(Integer::intValue).sum();
        lost += (last - first + 1) - seen.size();
        duplicated += seen.values().stream().mapToInt(times -> times - 1).sum();
      }
      return new Counts(last - first + 1, delivered, lost, duplicated);
    }
  }

  private static void sleepUntil(long millis) {
    long left = millis - System.currentTimeMillis();
    if (left > 0) {
      try {
        Thread.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
