package io.ssehub.switchboard;

import io.ssehub.bus.Addresses;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.Probes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /ssec} window counts from the request's arrival at the gateway, whatever the hops after it take:
 * an answer that would leave after it is {@code no_reply}, and nothing else is ever written after it. Each call
 * is made on its own raw connection, which is read for a while after the answer, so that a second answer
 * would be seen. A slow hop is made with an outbound interceptor that holds {@code switchboard.call} messages
 * back: time that no hop after the gateway can see. The assertions are about what was sent, never about speed.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("/ssec answers within its window from the gateway's arrival, else no_reply")
class DeadlineTest {

  private static final long WINDOW_MILLIS = 400;
  private static final long PROCESSOR_MILLIS = 250;
  private static final long LISTEN_AFTER_MILLIS = 1500;
  private static final String REQUEST = "GET /ssec?m=meow%20meow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private static final String UPPER = "meow meow MEOW MEOW";

  private final HubFixture hub = HubFixture.defaults();
  private NetClient net;
  private Handler<DeliveryContext<Object>> slowHop;

  @BeforeEach
  void createClients(Vertx vertx) {
    net = vertx.createNetClient();
    hub.start(vertx);
  }

  @AfterEach
  void closeClients(Vertx vertx) {
    if (slowHop != null) {
      vertx.eventBus().removeOutboundInterceptor(slowHop);
    }
    net.close();
    hub.close();
  }

  @Test
  @DisplayName("A processor slower than the 50 ms window: no_reply, and nothing else on the connection after it")
  void slowProcessor(Vertx vertx, VertxTestContext testContext) {
    JsonObject slow = Switchboards.stage("slow", "upper").put("delayMillis", 80);
    hub.deploy(Switchboards.hub(Switchboards.pipeline(slow)))
      .compose(id -> calls(vertx, 5))
      .compose(answers -> scrape().map(metrics -> {
        testContext.verify(() -> {
          assertThat(answers).allSatisfy(answer -> assertThat(answer).isEqualTo(List.of("no_reply")));
          assertThat(count(metrics, "no_reply")).isEqualTo(5);
          assertThat(count(metrics, "answered")).isZero();
        });
        return metrics;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A result due inside the switchboard's window but after the gateway's: no_reply, the late result discarded")
  void slowHopToTheSwitchboard(Vertx vertx, VertxTestContext testContext) {
    holdBackCalls(vertx, i -> (int) PROCESSOR_MILLIS);
    hub.deploy(Switchboards.hub(slowStage()))
      .compose(id -> calls(vertx, 1))
      .compose(answers -> {
        testContext.verify(() -> assertThat(answers).containsExactly(List.of("no_reply")));
        return awaitMetric(vertx, "ssehub_ssec_late_replies_total{", 1);
      })
      .compose(late -> scrape())
      .onComplete(testContext.succeeding(metrics -> testContext.verify(() -> {
        assertThat(count(metrics, "answered")).isZero();
        assertThat(count(metrics, "no_reply")).isEqualTo(1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("The same processor with a quick hop: its result is the answer, sent once")
  void quickHop(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(Switchboards.hub(slowStage()))
      .compose(id -> calls(vertx, 1))
      .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
        assertThat(answers).containsExactly(List.of(UPPER));
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Hops of 0 to 450 ms before a 250 ms processor: one answer per call, and none but no_reply after the window")
  void manyHops(Vertx vertx, VertxTestContext testContext) {
    int calls = 40;
    holdBackCalls(vertx, i -> (i % 10) * 50);
    hub.deploy(Switchboards.hub(slowStage()))
      .compose(id -> calls(vertx, calls))
      .compose(answers -> scrape().map(metrics -> {
        testContext.verify(() -> {
          assertThat(answers).allSatisfy(answer -> assertThat(answer).hasSize(1).containsAnyOf(UPPER, "no_reply"));
          assertThat(count(metrics, "answered") + count(metrics, "no_reply")).isEqualTo(calls);
          assertThat(withinWindow(metrics, "answered")).as("answers with a result sent within the window")
            .isEqualTo(count(metrics, "answered"));
        });
        return metrics;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  /** A 400 ms window (and as much grace) before one stage that passes its result on after 250 ms. */
  private static JsonObject slowStage() {
    return Switchboards.pipeline(Switchboards.stage("slow", "upper").put("delayMillis", PROCESSOR_MILLIS))
      .put("windowMillis", WINDOW_MILLIS)
      .put("replyGraceMillis", WINDOW_MILLIS);
  }

  /** Holds the n-th {@code switchboard.call} message back {@code delayMillis.applyAsInt(n)} ms before it goes on. */
  private void holdBackCalls(Vertx vertx, IntUnaryOperator delayMillis) {
    int[] sent = {0};
    slowHop = delivery -> {
      int delay = Addresses.SWITCHBOARD_CALL.equals(delivery.message().address())
        ? delayMillis.applyAsInt(sent[0]++)
        : 0;
      if (delay > 0) {
        vertx.setTimer(delay, fired -> delivery.next());
      } else {
        delivery.next();
      }
    };
    vertx.eventBus().addOutboundInterceptor(slowHop);
  }

  /** {@code n} calls at once, each on its own connection; for each, the bodies of every response it received. */
  private Future<List<List<String>>> calls(Vertx vertx, int n) {
    List<Future<List<String>>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(rawCall(vertx));
    }
    return Future.all(calls).map(all -> all.<List<String>>list());
  }

  /** One call on a new connection, read until {@link #LISTEN_AFTER_MILLIS} after the first response began. */
  private Future<List<String>> rawCall(Vertx vertx) {
    Buffer received = Buffer.buffer();
    Promise<List<String>> bodies = Promise.promise();
    net.connect(hub.port(), "127.0.0.1").onFailure(bodies::fail).onSuccess(socket -> {
      socket.handler(bytes -> {
        if (received.length() == 0) {
          vertx.setTimer(LISTEN_AFTER_MILLIS, fired -> socket.close());
        }
        received.appendBuffer(bytes);
      });
      socket.closeHandler(closed -> bodies.complete(responses(received.toString(StandardCharsets.UTF_8))));
      socket.write(REQUEST);
    });
    return bodies.future();
  }

  /** The bodies of the HTTP/1.1 responses in {@code text}, each framed by its Content-Length. */
  private static List<String> responses(String text) {
    List<String> bodies = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int headEnd = text.indexOf("\r\n\r\n", at);
      if (headEnd < 0) {
        bodies.add("an incomplete response: " + text.substring(at));
        break;
      }
      String head = text.substring(at, headEnd).toLowerCase();
      int lengthAt = head.indexOf("content-length:");
      int length = Integer.parseInt(head.substring(lengthAt + 15, head.indexOf("\r\n", lengthAt) < 0
        ? head.length() : head.indexOf("\r\n", lengthAt)).trim());
      bodies.add(text.substring(headEnd + 4, Math.min(text.length(), headEnd + 4 + length)));
      at = headEnd + 4 + length;
    }
    return bodies;
  }

  private Future<String> scrape() {
    return hub.get("/metrics").send().map(response -> response.bodyAsString());
  }

  /** Polls {@code /metrics} every 50 ms, for up to 10 s, until the sample starting with {@code prefix} reaches {@code value}. */
  private Future<Double> awaitMetric(Vertx vertx, String prefix, double value) {
    Promise<Double> reached = Promise.promise();
    pollMetric(vertx, prefix, value, 200, reached);
    return reached.future();
  }

  private void pollMetric(Vertx vertx, String prefix, double value, int triesLeft, Promise<Double> reached) {
    scrape().onFailure(reached::fail).onSuccess(metrics -> {
      double now = metrics.contains(prefix) ? Probes.metric(metrics, prefix) : 0;
      if (now >= value) {
        reached.complete(now);
      } else if (triesLeft == 0) {
        reached.fail(new AssertionError(prefix + " stayed at " + now + ", not " + value));
      } else {
        vertx.setTimer(50, tick -> pollMetric(vertx, prefix, value, triesLeft - 1, reached));
      }
    });
  }

  /** The number of {@code /ssec} answers of that outcome in a scrape. */
  private static long count(String metrics, String outcome) {
    return (long) sample(metrics, "ssehub_ssec_latency_seconds_count{", "outcome=\"" + outcome + "\"");
  }

  /** The number of {@code /ssec} answers of that outcome written at most one window after the request arrived. */
  private static long withinWindow(String metrics, String outcome) {
    String bucket = "le=\"" + WINDOW_MILLIS / 1000.0 + "\"";
    return (long) sample(metrics, "ssehub_ssec_latency_seconds_bucket{", "outcome=\"" + outcome + "\"", bucket);
  }

  private static double sample(String metrics, String prefix, String... labels) {
    return metrics.lines()
      .filter(line -> line.startsWith(prefix))
      .filter(line -> List.of(labels).stream().allMatch(line::contains))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no sample " + prefix + " with " + List.of(labels) + " in /metrics"));
  }
}
