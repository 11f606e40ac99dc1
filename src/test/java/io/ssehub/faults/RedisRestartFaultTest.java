package io.ssehub.faults;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.ssehub.faults.FaultSuiteTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real redis-server, holding the node's history, stopped and started again while 20 clients stream and
 * events are published every 10 ms. Publishes during the outage are refused (503, so the publisher knows to
 * retry); every accepted event reaches every client exactly once, in order; the node's streams, and this JVM's
 * open files, are back to their baseline afterwards.
 */
@DisplayName("Fault: Redis restarted mid-stream")
class RedisRestartFaultTest {

  private static final Logger LOG = LoggerFactory.getLogger(RedisRestartFaultTest.class);
  private static final int CLIENTS = 20;

  private final HubFixture hub = HubFixture.with(fixture -> new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway"))
      .put("redis", new JsonObject().put("url", fixture.redisServer().url()).put("reconnectMinMillis", 50)
        .put("reconnectMaxMillis", 500).put("requestTimeoutMillis", 1000)))
    .withRedis();
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = hub.startOwnVertx().vertx();
    await(hub.deploy());
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  @DisplayName("Every event accepted before, during and after the restart reaches every client once, in order")
  void acceptedEventsSurviveTheRestart() {
    long filesBefore = ResourceBaseline.ofThisJvm().openFiles();
    List<SseRecorder> clients = IntStream.range(0, CLIENTS).mapToObj(i -> await(hub.open("/topics/r"))).toList();
    await(NodeStats.awaitTopicConsumers(vertx, 1));
    List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger refused = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    publishNext(0, 400, accepted, refused, done);

    await(clients.get(0).await(r -> r.events().size() >= 50));
    await(vertx.executeBlocking(() -> {
      hub.redisServer().stop();
      ResourceBaseline.sleep(1500);
      hub.redisServer().startAgain();
      return null;
    }));
    await(done.future());
    LOG.info("{} events accepted, {} refused with 503 while Redis was down", accepted.size(), refused.get());
    assertThat(refused.get()).as("publishes refused during the outage").isPositive();
    String last = accepted.get(accepted.size() - 1);
    for (int i = 0; i < CLIENTS; i++) {
      SseRecorder client = clients.get(i);
      await(client.await(r -> r.events().stream().anyMatch(event -> last.equals(event.id()))));
      Invariants.exactlyOnce("client " + i, client.events(), accepted);
      assertThat(client.ended()).isFalse();
    }
    clients.forEach(client -> await(client.close()));
    ResourceBaseline.sleep(500);
    assertThat(ResourceBaseline.ofThisJvm().openFiles()).isLessThanOrEqualTo(filesBefore + 10);
  }

  private void publishNext(int n, int count, List<String> accepted, AtomicInteger refused, Promise<Void> done) {
    if (n == count) {
      done.complete();
      return;
    }
    hub.post("/topics/r").sendBuffer(Buffer.buffer("event " + n))
      .onComplete(result -> {
        if (result.succeeded() && result.result().statusCode() == 201) {
          accepted.add(result.result().bodyAsJsonObject().getString("id"));
        } else if (result.succeeded() && result.result().statusCode() == 503) {
          refused.incrementAndGet();
        } else {
          done.fail("publish failed: " + (result.succeeded() ? result.result().statusCode() + " "
            + result.result().bodyAsString() : result.cause()));
          return;
        }
        vertx.setTimer(10, t -> publishNext(n + 1, count, accepted, refused, done));
      });
  }
}
