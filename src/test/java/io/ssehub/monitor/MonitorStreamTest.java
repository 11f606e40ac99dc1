package io.ssehub.monitor;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The monitor: GET /monitor figures and the GET /monitor/stream SSE stream")
class MonitorStreamTest {

  private final HubFixture hub = HubFixture.with(fixture -> new JsonObject().put("nodeName", nodeName(fixture.port())));
  private final String node = nodeName(hub.port());

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private static String nodeName(int port) {
    return "monitor-test-" + port;
  }

  /** Waits for a figures event, after those already seen, that meets the condition; the monitor sends one a second. */
  private static Future<JsonObject> awaitFigures(SseRecorder monitor, Predicate<JsonObject> condition) {
    int seen = monitor.events().size();
    return monitor.await(recorder -> recorder.events().stream().skip(seen).map(MonitorStreamTest::figures)
        .anyMatch(condition))
      .map(v -> monitor.events().stream().skip(seen).map(MonitorStreamTest::figures).filter(condition)
        .findFirst().orElseThrow());
  }

  private static JsonObject figures(SseEvent event) {
    return new JsonObject(event.data());
  }

  @Test
  @DisplayName("The stream sends this node's figures once a second, and they count an open stream and its topic")
  void figuresReflectOpenStreams(VertxTestContext testContext) {
    SseRecorder[] streams = new SseRecorder[2];
    hub.open("/monitor/stream")
      .compose(monitor -> {
        streams[0] = monitor;
        return awaitFigures(monitor, figures -> figures.getInteger("connections") == 1);
      })
      .compose(alone -> {
        testContext.verify(() -> {
          assertThat(streams[0].events().get(0).event()).isEqualTo("monitor");
          assertThat(alone.getString("node")).isEqualTo(node);
          assertThat(alone.getInteger("topics")).isEqualTo(1);
          assertThat(alone.getInteger("clusterMembers")).isEqualTo(1);
          assertThat(alone.getDouble("eventsPerSecond")).isNotNull();
          assertThat(alone.getString("cpu_usage")).startsWith("cpu_usage: ");
        });
        return hub.open("/topics/watched");
      })
      .compose(watched -> {
        streams[1] = watched;
        return awaitFigures(streams[0], figures -> figures.getInteger("connections") == 2
          && figures.getInteger("topics") == 2);
      })
      .compose(both -> streams[1].close())
      .compose(v -> awaitFigures(streams[0], figures -> figures.getInteger("connections") == 1
        && figures.getInteger("topics") == 1))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("GET /monitor keeps seed 002's two strings and adds connections, topics, rates and cluster members")
  void monitorFigures(VertxTestContext testContext) {
    hub.open("/topics/counted")
      .compose(stream -> hub.get("/monitor").send())
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("cpu_usage")).matches("cpu_usage: \\d+\\.\\d\\d %");
        assertThat(body.getString("memory_usage")).matches("\\d+\\.\\d\\d MB");
        assertThat(body.fieldNames()).contains("eventsPerSecond", "deliveredPerSecond");
        assertThat(body.getInteger("connections")).isEqualTo(1);
        assertThat(body.getInteger("topics")).isEqualTo(1);
        assertThat(body.getInteger("clusterMembers")).isEqualTo(1);
        assertThat(List.of(body.getString("node"))).containsExactly(node);
        testContext.completeNow();
      })));
  }
}
