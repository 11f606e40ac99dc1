package io.ssehub.metrics;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /metrics: the node's figures in the Prometheus text format")
class MetricsTest {

  private static final long AWAIT_MILLIS = 20_000;

  private final HubFixture hub = HubFixture.with(fixture -> new JsonObject().put("nodeName", nodeName(fixture.port())));
  private final String node = nodeName(hub.port());
  private Vertx vertx;

  @AfterEach
  void close(VertxTestContext testContext) {
    hub.close();
    vertx.close().onComplete(testContext.succeedingThenComplete());
  }

  private static String nodeName(int port) {
    return "metrics-test-" + port;
  }

  private Future<Void> startHub(Vertx instance) {
    vertx = instance;
    return hub.deploy(vertx).mapEmpty();
  }

  private Future<String> scrape() {
    return hub.get("/metrics")
      .send()
      .map(response -> {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        return response.bodyAsString();
      });
  }

  /** Scrapes every 100 ms until the condition holds, for at most {@link #AWAIT_MILLIS}. */
  private Future<String> awaitScrape(Predicate<String> condition) {
    Promise<String> result = Promise.promise();
    poll(condition, System.currentTimeMillis() + AWAIT_MILLIS, result);
    return result.future();
  }

  private void poll(Predicate<String> condition, long deadline, Promise<String> result) {
    scrape().onComplete(ar -> {
      if (ar.succeeded() && condition.test(ar.result())) {
        result.complete(ar.result());
      } else if (System.currentTimeMillis() > deadline) {
        result.fail("/metrics never met the condition; last: " + (ar.succeeded() ? ar.result() : ar.cause()));
      } else {
        vertx.setTimer(100, t -> poll(condition, deadline, result));
      }
    });
  }

  /** The value of this node's sample of a metric; fails when the metric is absent. */
  private double value(String scrape, String metric) {
    return value(scrape, metric, "");
  }

  /** The value of this node's sample of a metric with these further labels ({@code ,outcome="answered"}). */
  private double value(String scrape, String metric, String labels) {
    String prefix = metric + "{node=\"" + node + "\"" + labels + "} ";
    return scrape.lines()
      .filter(line -> line.startsWith(prefix))
      .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim()))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no " + prefix + "in " + scrape));
  }

  @Test
  @DisplayName("With Vert.x metrics on, JVM, event-bus and hub figures are shown, and they move as streams open and events flow")
  void hubFiguresMove(VertxTestContext testContext) {
    double[] before = new double[3];
    SseRecorder[] stream = new SseRecorder[1];
    startHub(VertxMetricsSetup.builder(new VertxOptions()).build())
      .compose(v -> scrape())
      .compose(first -> {
        testContext.verify(() -> {
          assertThat(first).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "vertx_eventbus_handlers",
            "vertx_http_server_active_connections");
          assertThat(first).doesNotStartWith("# Vert.x metrics are off");
          assertThat(value(first, "ssehub_streams_open")).isZero();
        });
        before[0] = value(first, "ssehub_events_published_total");
        before[1] = value(first, "ssehub_events_delivered_total");
        before[2] = value(first, "ssehub_streams_opened_total");
        return hub.open("/topics/metered");
      })
      .compose(opened -> {
        stream[0] = opened;
        return hub.calls().publishAll("metered", "event ", 3).compose(ids -> opened.awaitEvents(3));
      })
      .compose(events -> awaitScrape(text -> value(text, "ssehub_events_delivered_total") >= before[1] + 3))
      .compose(during -> {
        testContext.verify(() -> {
          assertThat(during).contains("vertx_eventbus_published_total{side=\"local\"}");
          assertThat(value(during, "ssehub_streams_open")).isEqualTo(1);
          assertThat(value(during, "ssehub_topics")).isEqualTo(1);
          assertThat(value(during, "ssehub_streams_opened_total")).isEqualTo(before[2] + 1);
          assertThat(value(during, "ssehub_events_published_total")).isGreaterThanOrEqualTo(before[0] + 3);
        });
        return stream[0].close();
      })
      .compose(v -> awaitScrape(text -> value(text, "ssehub_streams_open") == 0 && value(text, "ssehub_topics") == 0))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A replay after an id the history no longer holds counts one replay and one reset")
  void replaysAndResetsAreCounted(VertxTestContext testContext) {
    startHub(VertxMetricsSetup.builder(new VertxOptions()).build())
      .compose(v -> hub.open("/topics/again", MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", "1-0")))
      .compose(stream -> stream.awaitEvents(1))
      .compose(events -> awaitScrape(text -> value(text, "ssehub_history_replays_total") == 1))
      .onComplete(testContext.succeeding(text -> testContext.verify(() -> {
        assertThat(value(text, "ssehub_history_resets_total")).isEqualTo(1);
        assertThat(value(text, "ssehub_slow_consumers_dropped_total")).isZero();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("In a Vertx built without metrics, /metrics says so and still shows the hub's own figures")
  void withoutVertxMetrics(VertxTestContext testContext) {
    startHub(Vertx.vertx())
      .compose(v -> scrape())
      .onComplete(testContext.succeeding(text -> testContext.verify(() -> {
        assertThat(text).startsWith("# Vert.x metrics are off in this Vertx instance");
        assertThat(value(text, "ssehub_streams_open")).isZero();
        assertThat(text).contains("ssehub_events_published_total{node=\"" + node + "\"}");
        assertThat(text).doesNotContain("jvm_memory_used_bytes", "vertx_eventbus_");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Switchboard answers and no_reply are counted, each /ssec answer is timed in a histogram, no ticket is left")
  void switchboardFigures(VertxTestContext testContext) {
    HttpCalls calls = new HttpCalls();
    startHub(VertxMetricsSetup.builder(new VertxOptions()).build())
      .compose(v -> calls.ssec("meow%20meow"))
      .compose(answer -> {
        testContext.verify(() -> assertThat(answer).isEqualTo("meow meow MEOW MEOW WOEM WOEM woem woem"));
        return calls.ssec("purr");
      })
      .compose(answer -> calls.ssec(null))
      .compose(answer -> {
        testContext.verify(() -> assertThat(answer).as("/ssec without m").isEqualTo("no_reply"));
        return awaitScrape(text -> value(text, "ssehub_switchboard_answers_total", ",outcome=\"no_reply\"") == 1);
      })
      .onComplete(testContext.succeeding(text -> testContext.verify(() -> {
        assertThat(value(text, "ssehub_switchboard_calls_total")).isEqualTo(3);
        assertThat(value(text, "ssehub_switchboard_answers_total", ",outcome=\"answered\"")).isEqualTo(2);
        assertThat(value(text, "ssehub_switchboard_latency_seconds_count"))
          .as("answers that went through the pipeline are timed").isEqualTo(2);
        assertThat(value(text, "ssehub_switchboard_latency_seconds_sum")).isPositive();
        assertThat(text).as("a histogram for histogram_quantile")
          .contains("ssehub_switchboard_latency_seconds_bucket{node=\"" + node + "\",le=\"+Inf\"} 2");
        assertThat(value(text, "ssehub_switchboard_tickets_pending")).isZero();
        testContext.completeNow();
      })));
  }

  /** Plain {@code GET /ssec} calls, as seed 000's curl makes them. */
  private final class HttpCalls {
    Future<String> ssec(String encodedMessage) {
      String uri = encodedMessage == null ? "/ssec" : "/ssec?m=" + encodedMessage;
      return hub.get(uri).send().map(response -> response.bodyAsString());
    }
  }
}
