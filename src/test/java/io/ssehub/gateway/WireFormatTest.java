package io.ssehub.gateway;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.RawStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes on the wire, read from a plain socket: the chunk framing byte for byte and the end of a stream, as the
 * node's configured {@link SseWire} writes them ({@link SseWireContractTest} runs the same checks on each wire); an
 * HTTP/1.0 client, which cannot take chunks, gets a clear refusal instead of a response that never starts.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("SSE on the wire: HTTP/1.1 chunks, the last chunk, and HTTP/1.0 refused")
class WireFormatTest {

  private final HubFixture hub = HubFixture.defaults();
  private NetClient net;
  private String deployment;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    net = vertx.createNetClient();
    hub.deploy(vertx)
      .onComplete(testContext.succeeding(id -> {
        deployment = id;
        testContext.completeNow();
      }));
  }

  @AfterEach
  void close() {
    net.close();
    hub.close();
  }

  @Test
  @DisplayName("Every event is one well-formed HTTP chunk, and shutting down ends the stream with the last chunk")
  void chunksAndLastChunk(Vertx vertx, VertxTestContext testContext) {
    RawStream raw = new RawStream();
    open(raw, "GET /topics/wire HTTP/1.1\r\nHost: hub\r\n\r\n")
      .compose(v -> publish("/topics/wire?event=first", "one"))
      .compose(v -> publish("/topics/wire", "two\nlines"))
      .compose(v -> raw.await(text -> text.contains("data: lines\n\n\r\n")))
      .compose(v -> vertx.undeploy(deployment))
      .compose(v -> raw.closed())
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        String text = raw.text();
        String head = text.substring(0, text.indexOf(RawStream.HEAD_END));
        assertThat(head).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("transfer-encoding: chunked");
        List<String> chunks = RawStream.chunks(text.substring(head.length() + RawStream.HEAD_END.length()));
        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(0)).isEqualTo("retry: 3000\n\n");
        assertThat(chunks.get(1)).matches("id: \\d+-\\d+\nevent: first\ndata: one\n\n");
        assertThat(chunks.get(2)).matches("id: \\d+-\\d+\ndata: two\ndata: lines\n\n");
        assertThat(chunks.get(3)).as("the last chunk").isEmpty();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("An HTTP/1.0 client (nginx's default towards upstreams) is told that a stream needs HTTP/1.1")
  void http10IsRefused(VertxTestContext testContext) {
    RawStream raw = new RawStream();
    net.connect(hub.port(), "127.0.0.1")
      .compose(socket -> {
        raw.attach(socket);
        return socket.write("GET /topics/old HTTP/1.0\r\n\r\n");
      })
      .compose(v -> raw.closed())
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        assertThat(raw.text())
          .startsWith("HTTP/1.0 505 HTTP Version Not Supported")
          .endsWith("An SSE stream needs HTTP/1.1 (chunked transfer); behind nginx, set proxy_http_version 1.1 "
            + "for this location.\n");
        testContext.completeNow();
      })));
  }

  /** Connects, sends the request and completes once the response head has arrived. */
  private Future<Void> open(RawStream raw, String request) {
    return net.connect(hub.port(), "127.0.0.1")
      .compose(socket -> {
        raw.attach(socket);
        return socket.write(request);
      })
      .compose(v -> raw.await(text -> text.contains(RawStream.HEAD_END)));
  }

  private Future<Void> publish(String uri, String body) {
    return hub.post(uri)
      .sendBuffer(Buffer.buffer(body))
      .map(response -> {
        assertThat(response.statusCode()).isEqualTo(201);
        return null;
      });
  }
}
