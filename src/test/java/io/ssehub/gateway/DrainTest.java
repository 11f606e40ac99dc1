package io.ssehub.gateway;

import io.ssehub.HubVerticle;
import io.ssehub.bus.Topics;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A node drained in one JVM: new streams 503, /ready down, open streams end after a jittered retry:")
class DrainTest {

  private static final int STREAMS = 20;

  private final HubFixture hub = HubFixture.defaults();
  private final HubVerticle node = new HubVerticle();

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("With drainSeconds 1, twenty streams on two loops end within the drain, each after its own retry:")
  void drainsOpenStreams(Vertx vertx, VertxTestContext testContext) {
    drain(vertx, testContext, 1);
  }

  @Test
  @DisplayName("With drainSeconds 0 every stream ends at once, still after a jittered retry:")
  void drainsAtOnce(Vertx vertx, VertxTestContext testContext) {
    drain(vertx, testContext, 0);
  }

  @Test
  @DisplayName("The node's own warm-up streams (a SIGTERM during start-up) close at once and take no client's slot")
  void warmUpStreamsTakeNoSlot(Vertx vertx, VertxTestContext testContext) {
    List<SseRecorder> warmUp = new ArrayList<>();
    hub.start(vertx);
    hub.deploy(node, new JsonObject().put("gateway", new JsonObject().put("drainSeconds", 10)))
      .compose(id -> {
        List<Future<SseRecorder>> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          streams.add(hub.open("/topics/" + Topics.WARM_UP_PREFIX + "test")
            .compose(recorder -> recorder.await(r -> r.lines().contains("retry: 3000")).map(recorder)));
        }
        return Future.all(streams).onSuccess(all -> warmUp.addAll(all.list()));
      })
      .compose(v -> hub.open("/topics/news"))
      .compose(client -> client.await(r -> r.lines().contains("retry: 3000")).map(client))
      .compose(client -> {
        long start = System.currentTimeMillis();
        return node.refuseStreams()
          .compose(v -> node.drainStreams())
          .compose(count -> Future.all(warmUp.stream().map(SseRecorder::awaitEnd).toList())
            .compose(v -> client.awaitEnd())
            .map(v -> {
              testContext.verify(() -> {
                assertThat(count).as("client streams drained").isEqualTo(1);
                assertThat(System.currentTimeMillis() - start)
                  .as("ms to drain one client stream: its slot is the first of a 10 s window").isLessThan(2_000);
                assertThat(client.ended()).isTrue();
                assertThat(warmUp).allMatch(SseRecorder::ended);
              });
              return v;
            }));
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  private void drain(Vertx vertx, VertxTestContext testContext, int drainSeconds) {
    List<SseRecorder> open = new ArrayList<>();
    hub.start(vertx);
    hub.deploy(node, new JsonObject().put("gateway", new JsonObject().put("drainSeconds", drainSeconds)))
      .compose(id -> openAll(open))
      .compose(v -> node.refuseStreams())
      .compose(v -> Future.all(hub.open("/topics/news"), hub.get("/ready").send(), hub.get("/health").send()))
      .compose(refused -> {
        long start = System.currentTimeMillis();
        return node.drainStreams()
          .compose(count -> Future.all(open.stream().map(SseRecorder::awaitEnd).toList())
            .map(v -> {
              testContext.verify(() -> {
                long took = System.currentTimeMillis() - start;
                SseRecorder stream = refused.resultAt(0);
                assertThat(stream.status()).isEqualTo(503);
                assertThat(stream.headers().get("Retry-After")).isEqualTo("5");
                assertThat(refused.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(1).statusCode()).isEqualTo(503);
                assertThat(refused.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(2).statusCode()).isEqualTo(200);
                assertThat(count).isEqualTo(STREAMS);
                assertThat(took).as("ms to drain").isLessThan(drainSeconds * 1000L + 1000);
                for (SseRecorder recorder : open) {
                  List<String> retries = recorder.lines().stream().filter(line -> line.startsWith("retry: ")).toList();
                  assertThat(retries).hasSize(2).startsWith("retry: 3000");
                  assertThat(Long.parseLong(retries.get(1).substring(7))).isBetween(1500L, 4500L);
                  assertThat(recorder.ended()).isTrue();
                }
              });
              return v;
            }));
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  private Future<Void> openAll(List<SseRecorder> open) {
    List<Future<SseRecorder>> streams = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      streams.add(hub.open("/topics/news")
        .compose(recorder -> recorder.await(r -> r.lines().contains("retry: 3000")).map(recorder)));
    }
    return Future.all(streams).map(all -> {
      open.addAll(all.list());
      return null;
    });
  }
}
