package io.ssehub.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge against hostile clients, over raw loopback sockets: head, body and idle timeouts (2 s here),
 * the node's cap on HTTP connections (8 here), a 413 that closes the connection, framing that could smuggle a
 * request, and rate-limited warnings for malformed requests and CORS refusals.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTP edge: timeouts, connection cap, 413 close, request smuggling, quiet logs")
class EdgeTest {

  private static final int TIMEOUT_SECONDS = 2;
  private static final int MAX_HTTP_CONNECTIONS = 8;
  /** Timeout plus sweep and a loaded machine's delay; a connection nobody closes is still open long after. */
  private static final long CLOSED_WITHIN_MILLIS = 6000;

  private final HubFixture hub = HubFixture.with(new JsonObject()
      .put("gateway", new JsonObject().put("maxBodyBytes", 1000).put("keepAliveSeconds", 1)
        .put("headTimeoutSeconds", TIMEOUT_SECONDS).put("bodyTimeoutSeconds", TIMEOUT_SECONDS)
        .put("idleTimeoutSeconds", TIMEOUT_SECONDS))
      .put("limits", new JsonObject().put("maxHttpConnections", MAX_HTTP_CONNECTIONS))
      .put("cors", new JsonObject().put("allowedOrigins", new JsonArray().add("https://app.example.com"))))
    .withWebClient(new WebClientOptions().setKeepAlive(false));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("A slowloris head (a byte a second) is closed by the head timeout while a normal client is served")
  void slowHead(VertxTestContext testContext) throws Exception {
    try (Raw slow = Raw.open(hub.port())) {
      long started = System.currentTimeMillis();
      byte[] head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.US_ASCII);
      boolean closed = false;
      String normal = null;
      for (int i = 0; i < head.length && !closed; i++) {
        closed = !slow.writeQuietly(new byte[] {head[i]}) || slow.closedWithin(1000);
        if (i == 1) {
          normal = Raw.exchange(hub.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }
      }
      long elapsed = System.currentTimeMillis() - started;
      String served = normal;
      boolean slowClosed = closed;
      testContext.verify(() -> {
        assertThat(served).startsWith("HTTP/1.1 200");
        assertThat(slowClosed).as("slow head closed").isTrue();
        assertThat(elapsed).isLessThan(CLOSED_WITHIN_MILLIS);
      });
    }
    testContext.completeNow();
  }

  @Test
  @DisplayName("A body shorter than its Content-Length is closed by the body timeout")
  void shortBody(VertxTestContext testContext) throws Exception {
    try (Raw raw = Raw.open(hub.port())) {
      long started = System.currentTimeMillis();
      raw.write("POST /topics/edge HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
      boolean closed = raw.closedWithin(10_000);
      long elapsed = System.currentTimeMillis() - started;
      testContext.verify(() -> {
        assertThat(closed).as("connection closed").isTrue();
        assertThat(elapsed).isLessThan(CLOSED_WITHIN_MILLIS);
      });
    }
    testContext.completeNow();
  }

  @Test
  @DisplayName("An idle keep-alive connection is closed by the idle timeout after its answer")
  void idleKeepAlive(VertxTestContext testContext) throws Exception {
    try (Raw raw = Raw.open(hub.port())) {
      raw.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      long started = System.currentTimeMillis();
      boolean closed = raw.closedWithin(10_000);
      long elapsed = System.currentTimeMillis() - started;
      String answer = raw.received();
      testContext.verify(() -> {
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(closed).as("connection closed").isTrue();
        assertThat(elapsed).isLessThan(CLOSED_WITHIN_MILLIS);
      });
    }
    testContext.completeNow();
  }

  @Test
  @DisplayName("An SSE stream open longer than every timeout still receives events")
  void streamOutlivesTimeouts(Vertx vertx, VertxTestContext testContext) {
    hub.open("/topics/edge")
      .compose(stream -> vertx.timer(3L * TIMEOUT_SECONDS * 1000 + 1000)
        .compose(v -> hub.calls().publish("edge", "still here"))
        .compose(id -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(stream.ended()).isFalse();
            assertThat(events.get(0).data()).isEqualTo("still here");
          });
          return events;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Connections over limits.maxHttpConnections are closed at once and counted")
  void connectionCap(VertxTestContext testContext) throws Exception {
    List<Raw> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_HTTP_CONNECTIONS; i++) {
        held.add(Raw.open(hub.port()));
      }
      Thread.sleep(300);
      boolean overClosed;
      try (Raw over = Raw.open(hub.port())) {
        overClosed = over.closedWithin(1000);
      }
      boolean heldOpen = !held.get(0).closedWithin(100);
      held.forEach(Raw::close);
      held.clear();
      double refused = rejected(afterRelease("connection_limit"), "connection_limit");
      testContext.verify(() -> {
        assertThat(heldOpen).as("connections within the cap stay open").isTrue();
        assertThat(overClosed).as("connection over the cap closed").isTrue();
        assertThat(refused).isGreaterThanOrEqualTo(1);
      });
    } finally {
      held.forEach(Raw::close);
    }
    testContext.completeNow();
  }

  @Test
  @DisplayName("A 10 GiB Content-Length gets 413 and its connection closed after a few MiB, not read to the end")
  void hugeBody(VertxTestContext testContext) throws Exception {
    String answer;
    try (Raw raw = Raw.open(hub.port())) {
      raw.write("POST /topics/edge HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n");
      raw.closedWithin(5000);
      answer = raw.received();
    }
    long sent = 0;
    long limit = 256L << 20;
    try (Raw raw = Raw.open(hub.port())) {
      raw.write("POST /topics/edge HTTP/1.1\r\nHost: x\r\nContent-Length: 10737418240\r\n\r\n");
      byte[] chunk = new byte[64 * 1024];
      while (sent < limit && raw.writeQuietly(chunk)) {
        sent += chunk.length;
      }
    }
    long accepted = sent;
    System.out.println("EdgeTest: the hub took " + accepted + " bytes of a 10 GiB body before closing");
    testContext.verify(() -> {
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer.toLowerCase()).contains("connection: close");
      assertThat(answer).contains("The body is larger than the limit of 1000 bytes");
      assertThat(accepted).isLessThan(16L << 20);
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("Transfer-Encoding other than one 'chunked', or in HTTP/1.0, is 501 or 400, the connection closed, the "
    + "hidden request not run")
  void oddTransferEncoding(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder smuggled = subscribe("smuggled");
    String inner = "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    String body = "0\r\n\r\n" + inner;
    String gzip = Raw.exchange(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + body);
    String unknown = Raw.exchange(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n" + body);
    String twice = Raw.exchange(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n" + body);
    String doubled = Raw.exchange(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked"
      + "\r\n\r\n" + body);
    String spaced = Raw.exchange(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n"
      + body);
    String http10 = Raw.exchange(hub.port(), "POST /topics/edge HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n"
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
      answers.add(Raw.answer(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
      answers.add(Raw.answer(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body));
      answers.add(Raw.answer(hub.port(), "POST /topics/edge HTTP/1.0\r\nHost: x\r\nContent-Length: " + body.length()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
    });
    String metrics = Raw.exchange(hub.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    testContext.verify(() -> {
      for (Answer answer : answers) {
        assertThat(answer.text()).matches("(?s)HTTP/1\\.[01] 400 .*").contains("either one Content-Length or one");
        assertThat(answer.text().split("HTTP/1\\.", -1)).as("one answer only: " + answer.text()).hasSize(2);
        assertThat(answer.closed()).as("connection closed after " + answer.text()).isTrue();
      }
      assertThat(answers.get(0).text()).startsWith("HTTP/1.1 400");
      assertThat(rejected(metrics, "framing")).isEqualTo(3);
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
    Answer space = Raw.answer(hub.port(), "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\n"
      + "Content-Length: 5\r\n\r\nhello" + inner);
    Answer tab = Raw.answer(hub.port(), "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      + "X-Note: one\r\n\ttwo\r\n\r\nhello" + inner);
    Answer first = Raw.answer(hub.port(), "POST /topics/smuggled HTTP/1.1\r\n Host: x\r\nContent-Length: 5\r\n\r\n"
      + "hello" + inner);
    Answer encoding = Raw.answer(hub.port(), "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n"
      + " chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + inner);
    String metrics = Raw.exchange(hub.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    testContext.verify(() -> {
      for (Answer answer : List.of(space, tab, first, encoding)) {
        assertThat(answer.text()).startsWith("HTTP/1.1 400").contains("starts with a space or a tab");
        assertThat(answer.text().split("HTTP/1\\.", -1)).as("one answer only: " + answer.text()).hasSize(2);
        assertThat(answer.closed()).as("connection closed after " + answer.text()).isTrue();
      }
      assertThat(rejected(metrics, "framing")).isEqualTo(4);
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
        assertThat(Raw.exchange(hub.port(), "GARBAGE\r\n\r\n")).startsWith("HTTP/1.0 400");
        assertThat(Raw.exchange(hub.port(), "GET /health HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example.net\r\n"
          + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 403");
      }
      String metrics = Raw.exchange(hub.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      List<ILoggingEvent> events = List.copyOf(captured.list);
      testContext.verify(() -> {
        assertThat(events).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
        assertThat(events).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
        assertThat(events).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("(malformed)"))
          .hasSize(1);
        assertThat(events).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("(cors)"))
          .hasSize(1);
        assertThat(rejected(metrics, "malformed")).isEqualTo(30);
        assertThat(rejected(metrics, "cors")).isEqualTo(30);
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
        answers.add(Raw.answer(hub.port(), "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          + "Content-Type: text/plain\r\n\r\n5\nhello\r\n0\r\n\r\n"));
      }
    });
    String metrics = Raw.exchange(hub.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    testContext.verify(() -> {
      for (Answer answer : answers) {
        assertThat(answer.closed()).as("connection closed after " + answer.text()).isTrue();
        assertThat(answer.text()).doesNotStartWith("HTTP/1.1 2").doesNotStartWith("HTTP/1.1 5");
      }
      assertThat(logged).filteredOn(e -> e.getLevel() == Level.ERROR).isEmpty();
      assertThat(logged).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
      assertThat(logged).filteredOn(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("(malformed)"))
        .hasSize(1);
      assertThat(rejected(metrics, "malformed")).isEqualTo(5);
    });
    testContext.completeNow();
  }

  /** A stream on {@code topic}, open before the test sends anything. */
  private SseRecorder subscribe(String topic) throws Exception {
    return hub.open("/topics/" + topic)
      .toCompletionStage()
      .toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
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

  /** The /metrics text once the rejection of {@code reason} shows (the slots come back asynchronously). */
  private String afterRelease(String reason) throws IOException, InterruptedException {
    String metrics = "";
    for (int i = 0; i < 20; i++) {
      metrics = Raw.exchange(hub.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      if (metrics.startsWith("HTTP/1.1 200") && rejected(metrics, reason) > 0) {
        return metrics;
      }
      Thread.sleep(200);
    }
    return metrics;
  }

  private static double rejected(String metrics, String reason) {
    Matcher matcher = Pattern.compile("ssehub_http_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)")
      .matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  /** What a raw exchange got back, and whether the server closed the connection within 5 s. */
  private record Answer(String text, boolean closed) {
  }

  /** One raw loopback connection. */
  private static final class Raw implements AutoCloseable {
    private final Socket socket = new Socket();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    static Raw open(int port) throws IOException {
      Raw raw = new Raw();
      raw.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      return raw;
    }

    /** Sends {@code request} and reads until the server closes (or 5 s pass). */
    static String exchange(int port, String request) throws IOException {
      try (Raw raw = open(port)) {
        raw.write(request);
        raw.closedWithin(5000);
        return raw.received();
      }
    }

    /** Sends {@code request} and reads until the server closes (or 5 s pass), noting which came first. */
    static Answer answer(int port, String request) throws IOException {
      try (Raw raw = open(port)) {
        raw.write(request);
        boolean closed = raw.closedWithin(5000);
        return new Answer(raw.received(), closed);
      }
    }

    void write(String text) throws IOException {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    /** False when the server has closed (or reset) the connection. */
    boolean writeQuietly(byte[] bytes) {
      try {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    /** Reads what arrives; true when the server closed the connection within {@code millis}. */
    boolean closedWithin(long millis) throws IOException {
      long deadline = System.currentTimeMillis() + millis;
      byte[] chunk = new byte[8192];
      while (System.currentTimeMillis() < deadline) {
        socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
        try {
          int n = socket.getInputStream().read(chunk);
          if (n < 0) {
            return true;
          }
          received.write(chunk, 0, n);
        } catch (SocketTimeoutException e) {
          return false;
        } catch (IOException e) {
          return true;
        }
      }
      return false;
    }

    String received() {
      return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a test socket
      }
    }
  }
}
