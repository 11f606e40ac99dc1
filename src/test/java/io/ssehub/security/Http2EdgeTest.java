package io.ssehub.security;

import io.ssehub.testing.HubCalls;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestCertificates;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
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

/** The edge's timeouts on an HTTP/2 connection, where a stream and short requests share the connection. */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTP/2 edge: a short request that ends does not make a connection with an open stream idle")
class Http2EdgeTest {

  private static final int IDLE_SECONDS = 1;
  private static final int MAX_BODY = 1000;

  private final int port = TestHub.freePort();
  private HttpClient h2;
  private WebClient web;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    TestCertificates.Pair pair = TestCertificates.create();
    h2 = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2), new PoolOptions().setHttp2MaxSize(1));
    web = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2));
    JsonObject overrides = new JsonObject().put("gateway", new JsonObject()
      .put("idleTimeoutSeconds", IDLE_SECONDS).put("keepAliveSeconds", 60).put("maxBodyBytes", MAX_BODY)
      .put("tls", new JsonObject().put("certFile", pair.cert().toString()).put("keyFile", pair.key().toString())));
    TestHub.deploy(vertx, TestHub.config(port, overrides)).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    h2.close();
    web.close();
  }

  @Test
  @DisplayName("An SSE stream outlives the idle timeout after a GET on its connection has ended")
  void streamOutlivesAnEndedRequest(Vertx vertx, VertxTestContext testContext) {
    SseClient.openWith(h2, port, "/topics/edge-h2", MultiMap.caseInsensitiveMultiMap())
      .compose(stream -> health()
        .compose(status -> vertx.timer(4L * IDLE_SECONDS * 1000 + 1000))
        .compose(v -> new HubCalls(vertx, web, port).publish("edge-h2", "still here"))
        .compose(id -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(stream.ended()).as("stream ended by the idle timeout").isFalse();
            assertThat(events.get(0).data()).isEqualTo("still here");
          });
          return stream;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A body over the limit on one stream gets 413 on that stream; an SSE stream on the connection goes on")
  void tooLargeEndsOnlyItsStream(Vertx vertx, VertxTestContext testContext) {
    SseClient.openWith(h2, port, "/topics/edge-h2-413", MultiMap.caseInsensitiveMultiMap())
      .compose(stream -> h2.request(HttpMethod.POST, port, "127.0.0.1", "/topics/edge-h2-413")
        .compose(request -> request.send("x".repeat(20 * MAX_BODY)))
        .compose(response -> response.body().map(body -> {
          testContext.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(body.toString()).contains("larger than the limit");
          });
          return response;
        }))
        .compose(tooLarge -> new HubCalls(vertx, web, port).publish("edge-h2-413", "after the 413"))
        .compose(id -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(stream.ended()).as("stream ended with the 413 on its connection").isFalse();
            assertThat(events).extracting(event -> event.data()).containsExactly("after the 413");
          });
          return stream;
        }))
      .compose(stream -> health())
      .onComplete(testContext.succeeding(status -> testContext.verify(() -> {
        assertThat(status).as("a new request on the same connection").isEqualTo(200);
        testContext.completeNow();
      })));
  }

  private Future<Integer> health() {
    return h2.request(HttpMethod.GET, port, "127.0.0.1", "/health")
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> response.statusCode()));
  }
}
