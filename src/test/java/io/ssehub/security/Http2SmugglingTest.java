package io.ssehub.security;

import io.ssehub.security.RawHttp2.Frame;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestCertificates;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request smuggling over HTTP/2 (TLS, ALPN h2), with header blocks written frame by frame ({@link RawHttp2}): a
 * body framed by anything but its DATA frames, connection-specific and upper-case header names, line breaks in a
 * header value or in {@code :path}. Each is refused on its stream or its connection, and neither the request nor
 * the HTTP/1.1 request hidden in its body publishes anything; a well-formed request on the same kind of connection
 * publishes, so the refusals are the server's and not the raw client's.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTP/2 edge: smuggling attempts are refused and run nothing")
class Http2SmugglingTest {

  private static final String HIDDEN = "0\r\n\r\nPOST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";

  private final HubFixture hub = EdgeNode.tlsFixture(TestCertificates.create());
  private HttpClient h2;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    h2 = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    h2.close();
    hub.close();
  }

  @Test
  @DisplayName("A well-formed POST written frame by frame is answered 201 and its event delivered")
  void wellFormedPublishes(VertxTestContext testContext) throws Exception {
    SseRecorder edge = subscribe("edge");
    List<Frame> frames;
    try (RawHttp2 raw = RawHttp2.open(hub.port())) {
      raw.headers(1, post("/topics/edge", Map.entry("content-length", "5")), false);
      raw.data(1, "hello", true);
      frames = raw.read(3000);
    }
    testContext.verify(() -> assertThat(status(frames, 1)).as(describe(frames)).isEqualTo("201"));
    edge.awaitEvents(1)
      .onComplete(testContext.succeeding(events -> testContext.verify(() -> {
        assertThat(events.get(0).data()).isEqualTo("hello");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Transfer-Encoding, Connection, Keep-Alive, Upgrade and an upper-case name are refused, nothing run")
  void connectionSpecificAndUpperCaseNames(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder edge = subscribe("edge");
    SseRecorder smuggled = subscribe("smuggled");
    List<List<Map.Entry<String, String>>> requests = List.of(
      post("/topics/edge", Map.entry("transfer-encoding", "chunked")),
      post("/topics/edge", Map.entry("content-length", String.valueOf(HIDDEN.length())),
        Map.entry("transfer-encoding", "chunked")),
      post("/topics/edge", Map.entry("connection", "keep-alive")),
      post("/topics/edge", Map.entry("keep-alive", "timeout=5")),
      post("/topics/edge", Map.entry("upgrade", "h2c")),
      post("/topics/edge", Map.entry("Content-Length", String.valueOf(HIDDEN.length()))));
    List<List<Frame>> answers = sendEach(requests, HIDDEN);
    testContext.verify(() -> answers.forEach(frames -> assertRefused(frames)));
    assertNothingPublished(vertx, List.of(edge, smuggled), testContext);
  }

  @Test
  @DisplayName("A content-length that the DATA frames contradict, shorter or longer, is refused, nothing run")
  void contentLengthAgainstData(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder edge = subscribe("edge");
    SseRecorder smuggled = subscribe("smuggled");
    List<List<Frame>> answers = new ArrayList<>();
    answers.addAll(sendEach(List.of(post("/topics/edge", Map.entry("content-length", "5"))), "hello" + HIDDEN));
    answers.addAll(sendEach(List.of(post("/topics/edge", Map.entry("content-length", "500"))), "hello"));
    testContext.verify(() -> answers.forEach(frames -> assertRefused(frames)));
    assertNothingPublished(vertx, List.of(edge, smuggled), testContext);
  }

  @Test
  @DisplayName("CR or LF inside a header value or :path is refused, no second request made of it")
  void lineBreaksInFields(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder edge = subscribe("edge");
    SseRecorder smuggled = subscribe("smuggled");
    List<List<Map.Entry<String, String>>> requests = List.of(
      post("/topics/edge", Map.entry("x-note", "a\r\ntransfer-encoding: chunked")),
      post("/topics/edge", Map.entry("x-note", "a\nb")),
      post("/topics/edge HTTP/1.1\r\nHost: x\r\n\r\nPOST /topics/smuggled", Map.entry("x-note", "a")));
    List<List<Frame>> answers = sendEach(requests, HIDDEN);
    testContext.verify(() -> {
      answers.forEach(frames -> assertRefused(frames));
      for (List<Frame> frames : answers) {
        assertThat(status(frames, 1)).as(describe(frames)).isEqualTo("400");
        assertThat(body(frames, 1)).contains("may not hold a CR, LF or NUL");
      }
    });
    assertNothingPublished(vertx, List.of(edge, smuggled), testContext);
  }

  private static String body(List<Frame> frames, int stream) {
    return RawHttp2.of(frames, stream).stream()
      .filter(frame -> frame.type() == RawHttp2.DATA)
      .map(Frame::text)
      .reduce("", String::concat);
  }

  /** Each request on a connection of its own, stream 1, its body {@code body} in one DATA frame. */
  private List<List<Frame>> sendEach(List<List<Map.Entry<String, String>>> requests, String body) throws Exception {
    List<List<Frame>> answers = new ArrayList<>();
    for (List<Map.Entry<String, String>> request : requests) {
      try (RawHttp2 raw = RawHttp2.open(hub.port())) {
        raw.headers(1, request, false);
        raw.data(1, body, true);
        answers.add(raw.read(2000));
      }
    }
    return answers;
  }

  @SafeVarargs
  private static List<Map.Entry<String, String>> post(String path, Map.Entry<String, String>... more) {
    List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(
      Map.entry(":method", "POST"), Map.entry(":scheme", "https"), Map.entry(":authority", "127.0.0.1"),
      Map.entry(":path", path), Map.entry("content-type", "text/plain")));
    fields.addAll(List.of(more));
    return fields;
  }

  /** Stream 1 was reset or the connection ended with an error, and no success status was sent for it. */
  private static void assertRefused(List<Frame> frames) {
    String status = status(frames, 1);
    assertThat(status).as("status of a refused request: " + describe(frames)).satisfiesAnyOf(
      s -> assertThat(s).isNull(),
      s -> assertThat(s).startsWith("4"));
    if (status == null) {
      assertThat(frames).as("a RST_STREAM on stream 1 or a GOAWAY: " + describe(frames))
        .anyMatch(frame -> frame.type() == RawHttp2.GOAWAY
          || frame.type() == RawHttp2.RST_STREAM && frame.stream() == 1);
    }
  }

  private static String status(List<Frame> frames, int stream) {
    return RawHttp2.of(frames, stream).stream()
      .filter(frame -> frame.type() == RawHttp2.HEADERS && frame.headers().status() != null)
      .map(frame -> frame.headers().status().toString())
      .findFirst().orElse(null);
  }

  private static String describe(List<Frame> frames) {
    return frames.stream()
      .map(frame -> "type " + frame.type() + " stream " + frame.stream()
        + (frame.headers() != null ? " " + frame.headers() : "")
        + (frame.type() == RawHttp2.DATA ? " \"" + frame.text() + "\"" : "")
        + (frame.type() == RawHttp2.RST_STREAM || frame.type() == RawHttp2.GOAWAY ? " error " + frame.errorCode() : ""))
      .toList().toString();
  }

  private SseRecorder subscribe(String topic) throws Exception {
    return SseClient.openWith(h2, hub.port(), "/topics/" + topic, MultiMap.caseInsensitiveMultiMap())
      .toCompletionStage()
      .toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
  }

  /** The subscribers have seen nothing a second after the requests. */
  private static void assertNothingPublished(Vertx vertx, List<SseRecorder> streams, VertxTestContext testContext) {
    vertx.timer(1000)
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        for (SseRecorder stream : streams) {
          assertThat(stream.events()).as("events published by a refused or hidden request").isEmpty();
        }
        testContext.completeNow();
      })));
  }
}
