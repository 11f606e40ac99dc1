package io.ssehub.gateway;

import io.ssehub.config.HubConfig;
import io.ssehub.testing.HubCalls;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
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

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with {@code gateway.h2c} on a cleartext port: HTTP/2 with prior knowledge and by the HTTP/1.1
 * upgrade, SSE streams and replay over it, HTTP/1.1 still served, and a connection that sends nothing closed by the
 * server's idle timer ({@link SseGatewayVerticle#silentConnectionMillis}).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("h2c (gateway.h2c): HTTP/2 over cleartext, prior knowledge and upgrade")
class H2cTest {

  private static final int TIMEOUT_SECONDS = 1;

  private final int port = TestHub.freePort();
  private HttpClient priorKnowledge;
  private HttpClient upgrade;
  private WebClient web;
  private HubCalls hub;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    priorKnowledge = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp2MaxSize(1));
    upgrade = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(true));
    web = WebClient.create(vertx, new WebClientOptions());
    hub = new HubCalls(vertx, web, port);
    TestHub.deploy(vertx, TestHub.config(port, overrides())).onComplete(testContext.succeedingThenComplete());
  }

  private static JsonObject overrides() {
    return new JsonObject().put("gateway", new JsonObject().put("h2c", true)
      .put("keepAliveSeconds", TIMEOUT_SECONDS).put("headTimeoutSeconds", TIMEOUT_SECONDS)
      .put("idleTimeoutSeconds", TIMEOUT_SECONDS));
  }

  @AfterEach
  void close() {
    priorKnowledge.close();
    upgrade.close();
    web.close();
  }

  @Test
  @DisplayName("Ten SSE streams with prior knowledge share one HTTP/2 connection and each gets its events")
  void streamsWithPriorKnowledge(VertxTestContext testContext) {
    List<Future<SseRecorder>> opening = IntStream.range(0, 10)
      .mapToObj(i -> SseClient.openWith(priorKnowledge, port, "/topics/h2c-" + i, MultiMap.caseInsensitiveMultiMap()))
      .toList();
    Future.all(opening)
      .compose(all -> Future.all(IntStream.range(0, 10).mapToObj(i -> hub.publish("h2c-" + i, "to " + i)).toList()))
      .compose(published -> Future.all(opening.stream().map(f -> f.result().awaitEvents(1)).toList()))
      .onComplete(testContext.succeeding(received -> testContext.verify(() -> {
        for (int i = 0; i < 10; i++) {
          assertThat(opening.get(i).result().version()).isEqualTo(HttpVersion.HTTP_2);
          assertThat(opening.get(i).result().events()).extracting(SseEvent::data).containsExactly("to " + i);
        }
        assertThat(opening.stream().map(f -> f.result().connection()).distinct()).hasSize(1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A stream with Last-Event-ID over h2c replays the events after it, then live ones")
  void replayWithPriorKnowledge(VertxTestContext testContext) {
    hub.publishAll("h2c-replay", "old-", 3)
      .compose(ids -> SseClient.openWith(priorKnowledge, port, "/topics/h2c-replay",
          MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", ids.get(0)))
        .compose(stream -> stream.awaitEvents(2)
          .compose(replayed -> hub.publish("h2c-replay", "live"))
          .compose(id -> stream.awaitEvents(3))
          .map(events -> {
            testContext.verify(() -> {
              assertThat(stream.version()).isEqualTo(HttpVersion.HTTP_2);
              assertThat(events).extracting(SseEvent::data).containsExactly("old-1", "old-2", "live");
            });
            return events;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A client that asks for the upgrade publishes over HTTP/2; a plain HTTP/1.1 client on the port is served")
  void upgradeAndHttp11(VertxTestContext testContext) {
    upgrade.request(HttpMethod.POST, port, "127.0.0.1", "/topics/h2c-up")
      .compose(request -> request.send("first"))
      .compose(response -> response.body().map(body -> response))
      .compose(first -> upgrade.request(HttpMethod.POST, port, "127.0.0.1", "/topics/h2c-up")
        .compose(request -> request.send("second"))
        .compose(second -> second.body().map(body -> List.of(first.version(), first.statusCode(),
          second.version(), second.statusCode()))))
      .compose(upgraded -> web.get(port, "127.0.0.1", "/health").send()
        .map(plain -> {
          testContext.verify(() -> {
            assertThat(upgraded).as("the upgraded request is answered over HTTP/2 (RFC 7540 section 3.2)")
              .containsExactly(HttpVersion.HTTP_2, 201, HttpVersion.HTTP_2, 201);
            assertThat(plain.version()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(plain.statusCode()).isEqualTo(200);
          });
          return plain;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A connection that sends nothing is closed by the server within its silent-connection bound")
  void silentConnectionClosed(VertxTestContext testContext) throws IOException {
    long bound = SseGatewayVerticle.silentConnectionMillis(HubConfig.from(TestHub.config(port, overrides())).gateway());
    long start = System.currentTimeMillis();
    boolean closed;
    try (Socket silent = new Socket()) {
      silent.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      silent.setSoTimeout((int) (bound + 3000));
      InputStream in = silent.getInputStream();
      try {
        closed = in.read() < 0;
      } catch (SocketTimeoutException e) {
        closed = false;
      }
    }
    long after = System.currentTimeMillis() - start;
    boolean closedByServer = closed;
    testContext.verify(() -> {
      assertThat(bound).isEqualTo(2000);
      assertThat(closedByServer).as("closed by the server within " + (bound + 3000) + " ms").isTrue();
      assertThat(after).as("closed after the idle timer, not at once").isGreaterThanOrEqualTo(bound - 500);
    });
    testContext.completeNow();
  }
}
