package io.ssehub.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssehub.security.RawConnection.Answer;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that could smuggle another past the edge (odd Transfer-Encoding, Content-Length with chunked,
 * obs-folded headers), over raw loopback sockets, and rate-limited warnings for malformed requests and CORS
 * refusals, on the node of {@link EdgeNode}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTP edge: request smuggling, quiet logs")
class MalformedRequestsTest {

  protected final HubFixture hub = fixture();

  /** The node under attack; {@link MalformedRequestsTlsTest} gives it TLS. */
  HubFixture fixture() {
    return EdgeNode.fixture();
  }

  /** Whether the raw connections speak TLS (HTTP/1.1 by ALPN). */
  boolean tls() {
    return false;
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Transfer-Encoding other than one 'chunked', or in HTTP/1.0, is 501 or 400, the connection closed, the "
    + "hidden request not run")
  void oddTransferEncoding(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder smuggled = subscribe("smuggled");
    String inner = "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    String body = "0\r\n\r\n" + inner;
    String gzip = exchange("POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + body);
    String unknown = exchange("POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n" + body);
    String twice = exchange("POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n" + body);
    String doubled = exchange("POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked"
      + "\r\n\r\n" + body);
    String spaced = exchange("POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n"
      + body);
    String http10 = exchange("POST /topics/edge HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n" + body);
    testContext.verify(() -> {
      assertThat(gzip).startsWith("HTTP/1.1 501").contains("The only Transfer-Encoding this hub reads is 'chunked'");
      assertThat(unknown).startsWith("HTTP/1.1 501");
      assertThat(twice).startsWith("HTTP/1.1 400").contains("either one Content-Length or one");
      assertThat(doubled).startsWith("HTTP/1.1 501");
      assertThat(spaced).startsWith("HTTP/1.1 400");
      assertThat(http10).startsWith("HTTP/1.0 400").contains("version 1.0 cannot use Transfer-Encoding");
      for (String answer : List.of(gzip, unknown, twice, doubled, spaced, http10)) {
        assertThat(answer.split("HTTP/1\\.", -1)).as("one answer only, then closed: " + answer).hasSize(2);
      }
    });
    assertNothingPublished(vertx, smuggled, testContext);
  }

  @Test
  @DisplayName("Content-Length with Transfer-Encoding is 400, the connection closed, the hidden publish not run")
  void contentLengthWithChunked(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder smuggled = subscribe("smuggled");
    String inner = "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    String body = "0\r\n\r\n" + inner;
    List<ILoggingEvent> logged = new ArrayList<>();
    List<Answer> answers = new ArrayList<>();
    captureLogs(logged, () -> {
      answers.add(answer("POST /topics/edge HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
      answers.add(answer("POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body));
      answers.add(answer("POST /topics/edge HTTP/1.0\r\nHost: x\r\nContent-Length: " + body.length()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
    });
    String metrics = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    testContext.verify(() -> {
      for (Answer answer : answers) {
        assertThat(answer.text()).matches("(?s)HTTP/1\\.[01] 400 .*").contains("either one Content-Length or one");
        assertThat(answer.text().split("HTTP/1\\.", -1)).as("one answer only: " + answer.text()).hasSize(2);
        assertThat(answer.closed()).as("connection closed after " + answer.text()).isTrue();
      }
      assertThat(answers.get(0).text()).startsWith("HTTP/1.1 400");
      assertThat(EdgeNode.rejected(metrics, "framing")).isEqualTo(3);
      assertThat(logged).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("(framing)"))
        .hasSize(1);
    });
    assertNothingPublished(vertx, smuggled, testContext);
  }

  @Test
  @DisplayName("An obs-folded header line (one that starts with a space or tab) is 400, the connection closed, "
    + "nothing after it run")
  void obsFold(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder smuggled = subscribe("smuggled");
    String inner = "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    Answer space = answer("POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\n"
      + "Content-Length: 5\r\n\r\nhello" + inner);
    Answer tab = answer("POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      + "X-Note: one\r\n\ttwo\r\n\r\nhello" + inner);
    Answer first = answer("POST /topics/smuggled HTTP/1.1\r\n Host: x\r\nContent-Length: 5\r\n\r\n"
      + "hello" + inner);
    Answer encoding = answer("POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n"
      + " chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + inner);
    String metrics = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    testContext.verify(() -> {
      for (Answer answer : List.of(space, tab, first, encoding)) {
        assertThat(answer.text()).startsWith("HTTP/1.1 400").contains("starts with a space or a tab");
        assertThat(answer.text().split("HTTP/1\\.", -1)).as("one answer only: " + answer.text()).hasSize(2);
        assertThat(answer.closed()).as("connection closed after " + answer.text()).isTrue();
      }
      assertThat(EdgeNode.rejected(metrics, "framing")).isEqualTo(4);
    });
    assertNothingPublished(vertx, smuggled, testContext);
  }

  @Test
  @DisplayName("A flood of malformed requests and CORS refusals logs one WARN per kind, no ERROR, and counts each")
  void quietLogs(VertxTestContext testContext) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    try {
      for (int i = 0; i < 30; i++) {
        assertThat(exchange("GARBAGE\r\n\r\n")).startsWith("HTTP/1.0 400");
        assertThat(exchange("GET /health HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example.net\r\n"
          + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 403");
      }
      String metrics = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      List<ILoggingEvent> events = List.copyOf(captured.list);
      testContext.verify(() -> {
        assertThat(events).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
        assertThat(events).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
        assertThat(events).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("(malformed)"))
          .hasSize(1);
        assertThat(events).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("(cors)"))
          .hasSize(1);
        assertThat(EdgeNode.rejected(metrics, "malformed")).isEqualTo(30);
        assertThat(EdgeNode.rejected(metrics, "cors")).isEqualTo(30);
      });
    } finally {
      root.detachAppender(captured);
    }
    testContext.completeNow();
  }

  @Test
  @DisplayName("A malformed chunked body (a chunk-size line ended by a bare LF) logs one WARN, no ERROR, no stack "
    + "trace, is counted and closes the connection")
  void malformedChunkedBody(VertxTestContext testContext) throws Exception {
    List<ILoggingEvent> logged = new ArrayList<>();
    List<Answer> answers = new ArrayList<>();
    captureLogs(logged, () -> {
      for (int i = 0; i < 5; i++) {
        answers.add(answer("POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          + "Content-Type: text/plain\r\n\r\n5\nhello\r\n0\r\n\r\n"));
      }
    });
    String metrics = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    testContext.verify(() -> {
      for (Answer answer : answers) {
        assertThat(answer.closed()).as("connection closed after " + answer.text()).isTrue();
        assertThat(answer.text()).doesNotStartWith("HTTP/1.1 2").doesNotStartWith("HTTP/1.1 5");
      }
      assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
      assertThat(logged).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
      assertThat(logged).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("(malformed)"))
        .hasSize(1);
      assertThat(EdgeNode.rejected(metrics, "malformed")).isEqualTo(5);
    });
    testContext.completeNow();
  }

  /** A stream on {@code topic}, open before the test sends anything. */
  SseRecorder subscribe(String topic) throws Exception {
    return hub.open("/topics/" + topic)
      .toCompletionStage()
      .toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
  }

  private String exchange(String request) throws IOException {
    return RawConnection.exchange(hub.port(), tls(), request);
  }

  private Answer answer(String request) throws IOException {
    return RawConnection.answer(hub.port(), tls(), request);
  }

  /** Runs {@code requests} with every log event of the node copied into {@code into}. */
  private static void captureLogs(List<ILoggingEvent> into, Requests requests) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    try {
      requests.send();
    } finally {
      root.detachAppender(captured);
      into.addAll(captured.list);
    }
  }

  /** Requests sent while logs are captured. */
  private interface Requests {
    void send() throws Exception;
  }

  /** The subscriber of the smuggled topic has seen nothing a second after the requests. */
  private void assertNothingPublished(Vertx vertx, SseRecorder smuggled, VertxTestContext testContext) {
    vertx.timer(1000)
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        assertThat(smuggled.events()).as("events published by a hidden request").isEmpty();
        testContext.completeNow();
      })));
  }
}
