package io.ssehub.cluster;

import io.ssehub.testing.HubProcess;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Separate JVMs from the fat jar on loopback, each with its own Hazelcast port and every test node's port in its
 * member list, so that only the cluster name, the interface and the event bus's TLS decide who takes part.
 */
@DisplayName("Cluster hygiene: the bound interface, the cluster name, and TLS on the event bus between nodes")
class ClusterHygieneIT {

  private final List<Integer> hazelcastPorts = List.of(TestHub.freePort(), TestHub.freePort(), TestHub.freePort());
  private final List<HubProcess> nodes = new ArrayList<>();
  private Vertx vertx;
  private WebClient web;
  private SseClient sse;

  @TempDir
  Path dir;

  @BeforeEach
  void clients() {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    sse = new SseClient(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(HubProcess::close);
    sse.close();
    web.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Node {@code index} of the cluster {@code name}, running {@code roles}, with {@code cluster} as its section. */
  private HubProcess start(int index, String name, List<String> roles, JsonObject cluster) {
    JsonObject config = new JsonObject()
      .put("nodeName", "node-" + index)
      .put("deploy", new JsonArray(roles))
      .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", TestHub.freePort()).put("instances", 1))
      .put("cluster", cluster);
    String members = hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    HubProcess node = HubProcess.start("hygiene-" + index, config, List.of(
      "-Dhub.cluster.name=" + name,
      "-Dhub.cluster.port=" + hazelcastPorts.get(index),
      "-Dhub.cluster.members=" + members), List.of("-cluster"));
    nodes.add(node);
    return node;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private Future<Void> sleep(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, timer -> promise.complete());
    return promise.future();
  }

  /**
   * Publishes {@code data} on the node once a second until a publish is answered 201 or {@code millis} pass; the
   * statuses, last one last (-1 for no answer within 10 s).
   */
  private List<Integer> publishUntilAccepted(HubProcess node, String data, long millis) throws Exception {
    List<Integer> answers = new ArrayList<>();
    long deadline = System.currentTimeMillis() + millis;
    do {
      answers.add(await(web.post(node.port(), "127.0.0.1", "/topics/secured")
        .timeout(10_000)
        .sendBuffer(Buffer.buffer(data))
        .map(HttpResponse::statusCode)
        .otherwise(-1)));
      if (answers.get(answers.size() - 1) == 201) {
        return answers;
      }
      await(sleep(1000));
    } while (System.currentTimeMillis() < deadline);
    return answers;
  }

  /** The member count of the node's {@code cluster} readiness check. */
  private int members(HubProcess node) throws Exception {
    HttpResponse<Buffer> ready = await(web.get(node.port(), node.host(), "/ready").send());
    return ready.bodyAsJsonObject().getJsonArray("checks").stream()
      .map(JsonObject.class::cast)
      .filter(check -> "cluster".equals(check.getString("id")))
      .map(check -> check.getJsonObject("data").getInteger("members", 0))
      .findFirst()
      .orElse(0);
  }

  /** The local addresses of every TCP socket the process listens on, from {@code ss}. */
  private static List<String> listening(long pid) throws Exception {
    Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
    String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return Arrays.stream(output.split("\n"))
      .filter(line -> line.contains("pid=" + pid + ","))
      .map(line -> line.trim().split("\\s+")[3].replace("[::ffff:", "").replace("]", ""))
      .toList();
  }

  @Test
  @DisplayName("Nodes with different cluster names in each other's member lists do not join; one of the same name does, "
    + "and every socket a node listens on is on its interface (127.0.0.1), not on all addresses")
  void namesAndInterface() throws Exception {
    String ours = "hygiene-" + UUID.randomUUID();
    String theirs = "other-installation-" + UUID.randomUUID();
    HubProcess first = start(0, ours, List.of("gateway"), new JsonObject());
    HubProcess other = start(1, theirs, List.of("gateway"), new JsonObject());
    await(ClusterNodes.awaitMembers(vertx, web, first, 1));
    await(ClusterNodes.awaitMembers(vertx, web, other, 1));
    HubProcess second = start(2, ours, List.of("gateway"), new JsonObject());
    await(ClusterNodes.awaitMembers(vertx, web, first, 2));
    await(ClusterNodes.awaitMembers(vertx, web, second, 2));
    await(sleep(3000));

    assertThat(members(first)).as("the first node's cluster: itself and the second").isEqualTo(2);
    assertThat(members(other)).as("the node of the other installation stays alone").isEqualTo(1);
    assertThat(Files.readString(other.log())).doesNotContain("Members {size:2");
    List<String> sockets = listening(first.pid());
    assertThat(sockets).as("the first node's listening sockets")
      .contains("127.0.0.1:" + hazelcastPorts.get(0), "127.0.0.1:" + first.port())
      .allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
  }

  @Test
  @DisplayName("Two nodes with event-bus TLS join and carry an event both ways; a node whose certificate another CA "
    + "signed joins Hazelcast but takes no part on the bus")
  void eventBusTls() throws Exception {
    String name = "tls-" + UUID.randomUUID();
    ClusterCertificates ca = new ClusterCertificates(dir, "hub-ca");
    ClusterCertificates strangerCa = new ClusterCertificates(dir, "stranger-ca");
    HubProcess history = start(0, name, List.of("history", "gateway"),
      new JsonObject().put("tls", ca.tlsSection("node-0")));
    HubProcess gateway = start(1, name, List.of("gateway"), new JsonObject().put("tls", ca.tlsSection("node-1")));
    await(ClusterNodes.awaitMembers(vertx, web, history, 2));
    await(ClusterNodes.awaitMembers(vertx, web, gateway, 2));
    assertThat(Files.readString(gateway.log())).contains("The event bus between nodes uses TLS with client certificates");

    SseRecorder onGateway = await(sse.open(gateway.port(), "/topics/secured"));
    long started = System.currentTimeMillis();
    List<Integer> first = publishUntilAccepted(gateway, "over tls", 90_000);
    System.out.printf("event-bus TLS: the first publish across the bus was accepted after %d ms (statuses %s)%n",
      System.currentTimeMillis() - started, first);
    assertThat(first.get(first.size() - 1))
      .as("a publish on the gateway node, given its id by the history node over the TLS bus").isEqualTo(201);
    assertThat(await(onGateway.awaitEvents(1))).extracting(event -> event.data()).contains("over tls");

    HubProcess stranger = start(2, name, List.of("gateway"), new JsonObject().put("tls", strangerCa.tlsSection("node-2")));
    await(ClusterNodes.awaitMembers(vertx, web, stranger, 3));
    SseRecorder onStranger = await(sse.open(stranger.port(), "/topics/secured"));
    List<Integer> refused = publishUntilAccepted(stranger, "from a stranger", 30_000);
    await(web.post(gateway.port(), "127.0.0.1", "/topics/secured").sendBuffer(Buffer.buffer("second")));
    await(onGateway.await(recorder -> recorder.events().stream().anyMatch(event -> "second".equals(event.data()))));
    await(sleep(2000));

    System.out.printf("event-bus TLS: the stranger's publishes were answered %s%n", refused);
    assertThat(refused).as("the stranger's publishes for 30 s: none reaches the history")
      .isNotEmpty()
      .doesNotContain(201);
    // A publish answered 504 while the first TLS connection was opening waited in the bus's queue, and goes out
    // when the connection is up: each try is delivered once, late.
    List<String> delivered = onGateway.events().stream().map(event -> event.data()).toList();
    assertThat(delivered).endsWith("second").doesNotContain("from a stranger");
    assertThat(delivered.stream().filter("over tls"::equals).count()).isBetween(1L, (long) first.size());
    assertThat(onStranger.events()).as("the stranger's own stream gets no event of the cluster").isEmpty();
  }
}
