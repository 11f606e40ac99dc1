package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge against hostile clients, over raw loopback sockets: head, body and idle timeouts (2 s here),
 * the node's cap on HTTP connections (8 here) and a 413 that closes the connection. Framing that could smuggle a
 * request, and the warnings for malformed requests, are {@link MalformedRequestsTest}'s.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTP edge: timeouts, connection cap, 413 close")
class EdgeTest {

  /** Timeout plus sweep and a loaded machine's delay; a connection nobody closes is still open long after. */
  private static final long CLOSED_WITHIN_MILLIS = 6000;

  private final HubFixture hub = EdgeNode.fixture();

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
    try (RawConnection slow = RawConnection.open(hub.port())) {
      long started = System.currentTimeMillis();
      byte[] head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.US_ASCII);
      boolean closed = false;
      String normal = null;
      for (int i = 0; i < head.length && !closed; i++) {
        closed = !slow.writeQuietly(new byte[] {head[i]}) || slow.closedWithin(1000);
        if (i == 1) {
          normal = RawConnection.exchange(hub.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
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
    try (RawConnection raw = RawConnection.open(hub.port())) {
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
    try (RawConnection raw = RawConnection.open(hub.port())) {
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
      .compose(stream -> vertx.timer(3L * EdgeNode.TIMEOUT_SECONDS * 1000 + 1000)
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
    List<RawConnection> held = new ArrayList<>();
    try {
      for (int i = 0; i < EdgeNode.MAX_HTTP_CONNECTIONS; i++) {
        held.add(RawConnection.open(hub.port()));
      }
      Thread.sleep(300);
      boolean overClosed;
      try (RawConnection over = RawConnection.open(hub.port())) {
        overClosed = over.closedWithin(1000);
      }
      boolean heldOpen = !held.get(0).closedWithin(100);
      held.forEach(RawConnection::close);
      held.clear();
      double refused = EdgeNode.rejected(afterRelease("connection_limit"), "connection_limit");
      testContext.verify(() -> {
        assertThat(heldOpen).as("connections within the cap stay open").isTrue();
        assertThat(overClosed).as("connection over the cap closed").isTrue();
        assertThat(refused).isGreaterThanOrEqualTo(1);
      });
    } finally {
      held.forEach(RawConnection::close);
    }
    testContext.completeNow();
  }

  @Test
  @DisplayName("A 10 GiB Content-Length gets 413 and its connection closed after a few MiB, not read to the end")
  void hugeBody(VertxTestContext testContext) throws Exception {
    String answer;
    try (RawConnection raw = RawConnection.open(hub.port())) {
      raw.write("POST /topics/edge HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n");
      raw.closedWithin(5000);
      answer = raw.received();
    }
    long sent = 0;
    long limit = 256L << 20;
    try (RawConnection raw = RawConnection.open(hub.port())) {
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

  /** The /metrics text once the rejection of {@code reason} shows (the slots come back asynchronously). */
  private String afterRelease(String reason) throws IOException, InterruptedException {
    String metrics = "";
    for (int i = 0; i < 20; i++) {
      metrics = RawConnection.exchange(hub.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      if (metrics.startsWith("HTTP/1.1 200") && EdgeNode.rejected(metrics, reason) > 0) {
        return metrics;
      }
      Thread.sleep(200);
    }
    return metrics;
  }
}
