package io.ssehub.security;

import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StrictFraming} on a bare Vert.x server with HTTP/2 over cleartext turned on (the gateway turns it off): it
 * leaves such a server's decoder alone, so the upgrade to HTTP/2 and plain HTTP/1.1 requests still work.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Strict framing on a server with h2c on: the upgrade and HTTP/1.1 still work")
class StrictFramingTest {

  private final int port = TestHub.freePort();
  private HttpServer server;
  private HttpClient h2c;
  private NetClient raw;

  @BeforeEach
  void listen(Vertx vertx, VertxTestContext testContext) {
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
    StrictFraming framing = new StrictFraming(options);
    h2c = vertx.createHttpClient(new HttpClientOptions()
      .setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(true));
    raw = vertx.createNetClient();
    server = vertx.createHttpServer(options)
      .connectionHandler(framing::install)
      .requestHandler(request -> request.body()
        .onSuccess(body -> request.response().end(request.version() + " " + body.length())));
    server.listen(port, "127.0.0.1")
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    h2c.close();
    raw.close();
  }

  @Test
  @DisplayName("A client that asks for h2c gets its answer over HTTP/2, its POST body intact")
  void upgrade(VertxTestContext testContext) {
    h2c.request(HttpMethod.POST, port, "127.0.0.1", "/")
      .compose(request -> request.send("hello"))
      .compose(response -> response.body()
        .map(body -> {
          testContext.verify(() -> {
            assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(body.toString()).isEqualTo("HTTP_2 5");
          });
          return response;
        }))
      .compose(first -> h2c.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(request -> request.send())
        .map(HttpClientResponse::version))
      .onComplete(testContext.succeeding(version -> testContext.verify(() -> {
        assertThat(version).isEqualTo(HttpVersion.HTTP_2);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A plain HTTP/1.1 client on the same server is served, its body intact")
  void plainHttp(VertxTestContext testContext) {
    StringBuilder received = new StringBuilder();
    raw.connect(port, "127.0.0.1")
      .compose(socket -> {
        socket.handler(bytes -> received.append(bytes.toString(StandardCharsets.ISO_8859_1)));
        return socket.write("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n")
          .compose(v -> closed(socket));
      })
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        assertThat(received.toString()).startsWith("HTTP/1.1 200").endsWith("HTTP_1_1 5");
        testContext.completeNow();
      })));
  }

  private static Future<Void> closed(NetSocket socket) {
    Promise<Void> closed = Promise.promise();
    socket.closeHandler(closed::tryComplete);
    return closed.future();
  }
}
