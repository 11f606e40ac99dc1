package io.ssehub.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The access log (log.access): one line per request on io.ssehub.access, an SSE stream's at its close")
class AccessLogTest {

  private final int port = TestHub.freePort();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private WebClient web;
  private SseClient sse;

  /** A node of history and gateway with the wire and, unless null, the {@code log} section given. */
  private Future<String> deploy(Vertx vertx, String wire, JsonObject log) {
    lines.start();
    accessLogger.addAppender(lines);
    web = WebClient.create(vertx);
    sse = new SseClient(vertx);
    JsonObject config = TestHub.config(port, new JsonObject()
      .put("deploy", List.of("history", "gateway"))
      .put("gateway", new JsonObject().put("wire", wire)));
    return TestHub.deploy(vertx, log == null ? config : config.put("log", log));
  }

  @AfterEach
  void closeClients() {
    accessLogger.detachAppender(lines);
    web.close();
    sse.close();
  }

  private List<ILoggingEvent> logged() {
    synchronized (lines) {
      return List.copyOf(lines.list);
    }
  }

  /** Completes when {@code count} lines are logged, polling every 50 ms for at most 10 s. */
  private Future<List<ILoggingEvent>> awaitLines(Vertx vertx, int count) {
    Promise<List<ILoggingEvent>> promise = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    vertx.setPeriodic(50, timer -> {
      if (logged().size() >= count || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(timer);
        promise.complete(logged());
      }
    });
    return promise.future();
  }

  @ParameterizedTest(name = "gateway.wire {0}")
  @ValueSource(strings = {"direct", "public"})
  @DisplayName("A publish and an SSE stream are logged with method, path and parameter names, status, bytes, duration "
    + "and address; no query value reaches the log")
  void requestsAndStreams(String wire, Vertx vertx, VertxTestContext testContext) {
    deploy(vertx, wire, new JsonObject().put("access", true))
      .compose(id -> sse.open(port, "/topics/logged?access_token=stream-secret"))
      .compose(stream -> web.post(port, "127.0.0.1", "/topics/logged?event=note&token=publish-secret")
        .sendBuffer(Buffer.buffer("hello"))
        .compose(published -> stream.awaitEvents(1))
        .compose(events -> awaitLines(vertx, 1))
        .compose(afterPublish -> sse.close().compose(v -> awaitLines(vertx, 2)))
        .map(all -> {
          testContext.verify(() -> {
            assertThat(all).hasSize(2);
            ILoggingEvent publish = all.get(0);
            assertThat(publish.getLevel().toString()).isEqualTo("INFO");
            assertThat(publish.getFormattedMessage()).matches("POST /topics/logged\\?event&token 201 \\d+ B \\d+ ms 127\\.0\\.0\\.1");
            assertThat(publish.getMDCPropertyMap())
              .containsEntry("http.request.method", "POST")
              .containsEntry("url.path", "/topics/logged?event&token")
              .containsEntry("http.response.status_code", "201")
              .containsEntry("client.address", "127.0.0.1");

            ILoggingEvent streamLine = all.get(1);
            Map<String, String> fields = streamLine.getMDCPropertyMap();
            assertThat(streamLine.getFormattedMessage()).startsWith("GET /topics/logged?access_token 200 ");
            long received = stream.raw().getBytes(StandardCharsets.UTF_8).length;
            assertThat(Long.parseLong(fields.get("http.response.body.bytes")))
              .as("the stream's body bytes: the retry hint and the event the client read")
              .isEqualTo(received);
            assertThat(Long.parseLong(fields.get("event.duration"))).as("nanoseconds the stream was open").isPositive();
            assertThat(all).extracting(ILoggingEvent::getFormattedMessage)
              .noneMatch(line -> line.contains("secret"));
            assertThat(all).flatExtracting(line -> line.getMDCPropertyMap().values())
              .noneMatch(value -> value.contains("secret"));
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Without log.access the logger io.ssehub.access writes nothing")
  void offByDefault(Vertx vertx, VertxTestContext testContext) {
    deploy(vertx, "direct", null)
      .compose(id -> web.get(port, "127.0.0.1", "/health").send())
      .compose(answer -> web.post(port, "127.0.0.1", "/topics/quiet").sendBuffer(Buffer.buffer("x")))
      .compose(published -> {
        Promise<Void> settle = Promise.promise();
        vertx.setTimer(300, timer -> settle.complete());
        return settle.future();
      })
      .map(v -> {
        testContext.verify(() -> assertThat(logged()).isEmpty());
        return null;
      })
      .onComplete(testContext.succeedingThenComplete());
  }
}
