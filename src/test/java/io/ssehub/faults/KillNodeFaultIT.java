package io.ssehub.faults;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static io.ssehub.faults.FaultSuiteTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of a node under load: two hub JVMs share their history in one real redis-server; 50 clients
 * follow a topic on node A while events are published through node B; A is killed, and every client
 * reconnects to B with its Last-Event-ID (a reconnect storm onto one node). Each must see every event exactly
 * once, in order; afterwards node B's open files are back to their baseline.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Fault: kill -9 of a node; its clients resume on the other node with Last-Event-ID")
class KillNodeFaultIT {

  private static final Logger LOG = LoggerFactory.getLogger(KillNodeFaultIT.class);
  private static final int CLIENTS = 50;
  private static final int EVENTS = 300;

  private final HubFixture hub = HubFixture.defaults().withRedis();
  private HubProcess nodeA;
  private HubProcess nodeB;

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
    nodeA = hub.process("kill-a", overrides());
    nodeB = hub.process("kill-b", overrides());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private JsonObject overrides() {
    return new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("monitor"))
      .put("redis", new JsonObject().put("url", hub.redisServer().url()).put("reconnectMaxMillis", 1000));
  }

  @Test
  @DisplayName("50 clients on a killed node each get every event once on the other node; its open files return to baseline")
  void clientsResumeOnTheOtherNode(Vertx vertx) {
    long filesBefore = warmedUpFiles();
    List<SseRecorder> onA = IntStream.range(0, CLIENTS)
      .mapToObj(i -> await(hub.sse().open(nodeA.port(), "/topics/k")))
      .toList();
    await(NodeStats.awaitTopicConsumers(vertx, hub.web(), nodeA.port(), 1));
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    Promise<Void> published = Promise.promise();
    publishNext(vertx, 0, ids, published);

    await(onA.get(0).await(r -> r.events().size() >= EVENTS / 4));
    nodeA.kill();
    long killedAt = System.nanoTime();
    List<SseRecorder> onB = new ArrayList<>();
    for (SseRecorder dead : onA) {
      await(dead.awaitEnd());
      List<SseEvent> seen = dead.events();
      MultiMap resume = MultiMap.caseInsensitiveMultiMap();
      if (!seen.isEmpty()) {
        resume.add("Last-Event-ID", seen.get(seen.size() - 1).id());
      }
      onB.add(await(hub.sse().open(nodeB.port(), "/topics/k", resume)));
    }
    LOG.info("{} clients reconnected to node B {} ms after the kill", CLIENTS, (System.nanoTime() - killedAt) / 1_000_000);
    await(published.future());
    String last = ids.get(ids.size() - 1);
    for (int i = 0; i < CLIENTS; i++) {
      SseRecorder resumed = onB.get(i);
      await(resumed.await(r -> r.events().stream().anyMatch(event -> last.equals(event.id()))));
      Invariants.exactlyOnce("client " + i, Invariants.joined(List.of(onA.get(i).events(), resumed.events())), ids);
      assertThat(resumed.events()).noneMatch(event -> "reset".equals(event.event()));
    }
    onB.forEach(stream -> await(stream.close()));
    await(hub.web().get(nodeB.port(), "127.0.0.1", "/monitor").send());
    long filesAfter = waitForFiles(nodeB.pid(), filesBefore + 5);
    LOG.info("Node B open files {} before, {} after", filesBefore, filesAfter);
    assertThat(filesAfter).isLessThanOrEqualTo(filesBefore + 5);
  }

  /** Node B's open files once it has published, streamed and replayed once (its Redis connections are open). */
  private long warmedUpFiles() {
    String id = await(hub.web().post(nodeB.port(), "127.0.0.1", "/topics/warm-up").sendBuffer(Buffer.buffer("x")))
      .bodyAsJsonObject().getString("id");
    SseRecorder warmUp = await(hub.sse().open(nodeB.port(), "/topics/warm-up",
      MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", id)));
    await(warmUp.awaitComments(0));
    await(warmUp.close());
    ResourceBaseline.sleep(500);
    return ResourceBaseline.openFiles(nodeB.pid());
  }

  /** Publishes through node B, one event after the other, every 10 ms, until EVENTS are in. */
  private void publishNext(Vertx vertx, int n, List<String> ids, Promise<Void> done) {
    if (n == EVENTS) {
      done.complete();
      return;
    }
    hub.web().post(nodeB.port(), "127.0.0.1", "/topics/k").sendBuffer(Buffer.buffer("event " + n))
      .onSuccess(response -> {
        if (response.statusCode() != 201) {
          done.fail("publish answered " + response.statusCode() + ": " + response.bodyAsString());
          return;
        }
        ids.add(response.bodyAsJsonObject().getString("id"));
        vertx.setTimer(10, t -> publishNext(vertx, n + 1, ids, done));
      })
      .onFailure(done::fail);
  }

  private static long waitForFiles(long pid, long atMost) {
    long files = ResourceBaseline.openFiles(pid);
    for (int i = 0; i < 100 && files > atMost; i++) {
      ResourceBaseline.sleep(100);
      files = ResourceBaseline.openFiles(pid);
    }
    return files;
  }
}
