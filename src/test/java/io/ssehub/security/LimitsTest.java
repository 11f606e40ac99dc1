package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Limits: body and event size 413, topics per stream, streams per node 503 and per address 429, CORS")
class LimitsTest {

  private final HubFixture hub = HubFixture.with(new JsonObject()
      .put("gateway", new JsonObject().put("maxBodyBytes", 1000).put("maxTopicsPerStream", 2))
      .put("limits", new JsonObject().put("maxConnections", 3).put("maxConnectionsPerAddress", 2)
        .put("retryAfterSeconds", 7).put("maxEventBytes", 100))
      .put("cors", new JsonObject().put("allowedOrigins", new JsonArray().add("https://app.example.com"))))
    .withWebClient(new WebClientOptions().setKeepAlive(false));
  private WebClient fromOther;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    fromOther = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false).setLocalAddress("127.0.0.2"));
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
    fromOther.close();
  }

  private Future<HttpResponse<Buffer>> publish(String data) {
    return hub.post("/topics/news").sendBuffer(Buffer.buffer(data));
  }

  @Test
  @DisplayName("A body over gateway.maxBodyBytes and an event over limits.maxEventBytes are 413 with a sentence")
  void sizes(VertxTestContext testContext) {
    Future.all(publish("x".repeat(1001)), publish("é".repeat(51)), publish("x".repeat(100)),
        hub.get("/subscribe?topic=a&topic=b&topic=c").send())
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        HttpResponse<Buffer> body = all.resultAt(0);
        HttpResponse<Buffer> event = all.resultAt(1);
        assertThat(body.statusCode()).isEqualTo(413);
        assertThat(body.bodyAsString()).isEqualTo("The body is larger than the limit of 1000 bytes; send a smaller one.\n");
        assertThat(event.statusCode()).isEqualTo(413);
        assertThat(event.bodyAsString()).isEqualTo("The event's data is 102 bytes, more than this hub's limit of 100 "
          + "(limits.maxEventBytes); send a smaller one.\n");
        assertThat(all.<HttpResponse<Buffer>>resultAt(2).statusCode()).isEqualTo(201);
        assertThat(all.<HttpResponse<Buffer>>resultAt(3).statusCode()).isEqualTo(400);
        assertThat(all.<HttpResponse<Buffer>>resultAt(3).bodyAsString())
          .isEqualTo("A stream can follow at most 2 topics; 3 were named.\n");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Streams: the third from one address is 429, the fourth on the node 503, both with Retry-After; a closed one frees its slot")
  void connectionSlots(Vertx vertx, VertxTestContext testContext) {
    StreamOpener local = new StreamOpener(vertx, "127.0.0.1");
    StreamOpener other = new StreamOpener(vertx, "127.0.0.2");
    Future.all(local.open(hub.port()), local.open(hub.port()))
      .compose(two -> local.open(hub.port()).map(third -> {
        testContext.verify(() -> {
          assertThat(third.status()).isEqualTo(429);
          assertThat(third.headers().get("Retry-After")).isEqualTo("7");
          assertThat(third.headers().get("Content-Type")).startsWith("text/plain");
        });
        return two;
      }))
      .compose(two -> other.open(hub.port()).compose(fromOtherAddress -> other.open(hub.port())).map(nodeFull -> {
        testContext.verify(() -> {
          assertThat(nodeFull.status()).isEqualTo(503);
          assertThat(nodeFull.headers().get("Retry-After")).isEqualTo("7");
        });
        return two;
      }))
      .compose(two -> two.<SseRecorder>resultAt(0).close())
      .compose(v -> retryOpen(vertx, local, 50))
      .onComplete(testContext.succeeding(again -> testContext.verify(() -> {
        assertThat(again.status()).isEqualTo(200);
        local.close();
        other.close();
        testContext.completeNow();
      })));
  }

  /** The slot comes back when the server has seen the close; poll briefly for that. */
  private Future<SseRecorder> retryOpen(Vertx vertx, StreamOpener opener, int tries) {
    return opener.open(hub.port()).compose(stream -> stream.status() == 200 || tries == 0
      ? Future.succeededFuture(stream)
      : vertx.timer(50).compose(v -> retryOpen(vertx, opener, tries - 1)));
  }

  @Test
  @DisplayName("CORS: a configured origin is allowed (and echoed), another origin is refused")
  void cors(VertxTestContext testContext) {
    Future.all(
        hub.request(HttpMethod.GET, "/health").putHeader("Origin", "https://app.example.com").send(),
        hub.request(HttpMethod.GET, "/health").putHeader("Origin", "https://evil.example.net").send())
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        HttpResponse<Buffer> allowed = all.resultAt(0);
        HttpResponse<Buffer> refused = all.resultAt(1);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();
        testContext.completeNow();
      })));
  }

  /** SSE streams from one local address. */
  private static final class StreamOpener {
    private final io.vertx.core.http.HttpClient http;

    StreamOpener(Vertx vertx, String localAddress) {
      http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setLocalAddress(localAddress),
        new PoolOptions().setHttp1MaxSize(20));
    }

    Future<SseRecorder> open(int port) {
      return io.ssehub.testing.SseClient.openWith(http, port, "/topics/news", io.vertx.core.MultiMap.caseInsensitiveMultiMap());
    }

    void close() {
      http.close();
    }
  }
}
