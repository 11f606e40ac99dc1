package io.ssehub.security;

import io.ssehub.security.RawConnection.Answer;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smuggling requests of {@link MalformedRequestsTest} on a port with {@code gateway.h2c} on, where Netty's
 * lenient decoder reads HTTP/1.1 heads (it drops a Content-Length next to chunked, and joins folded lines): each
 * HTTP/1.1 connection carries one request, so the request hidden behind one never runs.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("h2c edge: an HTTP/1.1 connection carries one request, nothing smuggled behind it runs")
class H2cEdgeTest {

  private static final String INNER = "POST /topics/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";

  private final HubFixture hub = HubFixture.with(new JsonObject().put("gateway", new JsonObject().put("h2c", true)));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Content-Length with chunked, odd codings and folded lines: one answer each, closed, nothing hidden run")
  void nothingHiddenRuns(Vertx vertx, VertxTestContext testContext) throws Exception {
    SseRecorder smuggled = hub.open("/topics/smuggled").toCompletionStage().toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
    String chunkedThenInner = "0\r\n\r\n" + INNER;
    List<String> requests = List.of(
      "POST /topics/edge HTTP/1.1\r\nHost: x\r\nContent-Length: " + chunkedThenInner.length()
        + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedThenInner,
      "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: "
        + chunkedThenInner.length() + "\r\n\r\n" + chunkedThenInner,
      "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + chunkedThenInner,
      "POST /topics/edge HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n two\r\nContent-Length: 5\r\n\r\nhello" + INNER,
      "POST /topics/edge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + INNER,
      "GET /health HTTP/1.1\r\nHost: x\r\n\r\n" + INNER);
    List<Answer> answers = new ArrayList<>();
    for (String request : requests) {
      answers.add(RawConnection.answer(hub.port(), request));
    }
    testContext.verify(() -> {
      for (Answer answer : answers) {
        assertThat(answer.text()).as("an answer").startsWith("HTTP/1.1 ");
        assertThat(answer.text().split("HTTP/1\\.", -1)).as("one answer only: " + answer.text()).hasSize(2);
        assertThat(answer.closed()).as("connection closed after " + answer.text()).isTrue();
      }
    });
    vertx.timer(1000)
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        assertThat(smuggled.events()).as("events published by a hidden request").isEmpty();
        testContext.completeNow();
      })));
  }
}
