package io.ssehub.gateway;

import io.ssehub.testing.HubCalls;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
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
import io.vertx.core.http.RequestOptions;
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

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with {@code gateway.tls}: HTTPS on its port, HTTP/2 or HTTP/1.1 as ALPN chooses, and SSE streams,
 * publishing, replay and keep-alive over HTTP/2, many streams sharing one connection.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTPS with HTTP/2 by ALPN: streams, publish, replay and keep-alive over h2")
class TlsHttp2Test {

  private final int port = TestHub.freePort();
  private HttpClient h2;
  private HttpClient h1;
  private WebClient web;
  private HubCalls hub;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    TestCertificates.Pair pair = TestCertificates.create();
    h2 = vertx.createHttpClient(tls().setProtocolVersion(HttpVersion.HTTP_2), new PoolOptions().setHttp2MaxSize(1));
    h1 = vertx.createHttpClient(tls().setProtocolVersion(HttpVersion.HTTP_1_1));
    web = WebClient.create(vertx, new WebClientOptions(tls().setProtocolVersion(HttpVersion.HTTP_2)));
    hub = new HubCalls(vertx, web, port);
    JsonObject overrides = new JsonObject()
      .put("gateway", new JsonObject().put("keepAliveSeconds", 1)
        .put("tls", new JsonObject().put("certFile", pair.cert().toString()).put("keyFile", pair.key().toString())));
    TestHub.deploy(vertx, TestHub.config(port, overrides)).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    h2.close();
    h1.close();
    web.close();
  }

  private static HttpClientOptions tls() {
    return new HttpClientOptions()
      .setSsl(true)
      .setTrustAll(true)
      .setVerifyHost(false)
      .setUseAlpn(true);
  }

  @Test
  @DisplayName("ALPN gives a client that offers h2 HTTP/2, and one that offers only http/1.1 HTTP/1.1, on one port")
  void alpnChoosesTheProtocol(VertxTestContext testContext) {
    Future.all(versionOf(h2), versionOf(h1))
      .onComplete(testContext.succeeding(versions -> testContext.verify(() -> {
        assertThat(versions.<HttpVersion>resultAt(0)).isEqualTo(HttpVersion.HTTP_2);
        assertThat(versions.<HttpVersion>resultAt(1)).isEqualTo(HttpVersion.HTTP_1_1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("An SSE stream over HTTP/2 gets its head, keep-alive comments and the events published over HTTP/2")
  void streamOverHttp2(VertxTestContext testContext) {
    SseClient.openWith(h2, port, "/topics/h2", MultiMap.caseInsensitiveMultiMap())
      .compose(stream -> stream.awaitComments(1)
        .compose(v -> hub.publishAll("h2", "over-h2-", 3))
        .compose(ids -> stream.awaitEvents(3)
          .map(events -> {
            testContext.verify(() -> {
              assertThat(stream.version()).isEqualTo(HttpVersion.HTTP_2);
              assertThat(stream.status()).isEqualTo(200);
              assertThat(stream.headers().get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
              assertThat(stream.comments()).isNotEmpty();
              assertThat(events).extracting(SseEvent::data).containsExactly("over-h2-0", "over-h2-1", "over-h2-2");
              assertThat(events).extracting(SseEvent::id).containsExactlyElementsOf(ids);
            });
            return events;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A stream over HTTP/2 with Last-Event-ID replays exactly the events after it, then live ones")
  void replayOverHttp2(VertxTestContext testContext) {
    hub.publishAll("replayed", "old-", 4)
      .compose(ids -> SseClient.openWith(h2, port, "/topics/replayed",
          MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", ids.get(1)))
        .compose(stream -> stream.awaitEvents(2)
          .compose(replayed -> hub.publish("replayed", "live"))
          .compose(id -> stream.awaitEvents(3))
          .map(events -> {
            testContext.verify(() -> {
              assertThat(stream.version()).isEqualTo(HttpVersion.HTTP_2);
              assertThat(events).extracting(SseEvent::data).containsExactly("old-2", "old-3", "live");
              assertThat(events.get(0).id()).isEqualTo(ids.get(2));
            });
            return events;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Ten streams multiplexed on one HTTP/2 connection each get the event published after they opened")
  void tenStreamsOnOneConnection(VertxTestContext testContext) {
    List<Future<SseRecorder>> opening = IntStream.range(0, 10)
      .mapToObj(i -> SseClient.openWith(h2, port, "/topics/many-" + i, MultiMap.caseInsensitiveMultiMap()))
      .toList();
    Future.all(opening)
      .compose(all -> Future.all(IntStream.range(0, 10).mapToObj(i -> hub.publish("many-" + i, "to " + i)).toList()))
      .compose(published -> Future.all(opening.stream().map(f -> f.result().awaitEvents(1)).toList()))
      .onComplete(testContext.succeeding(received -> testContext.verify(() -> {
        for (int i = 0; i < 10; i++) {
          SseRecorder stream = opening.get(i).result();
          assertThat(stream.version()).isEqualTo(HttpVersion.HTTP_2);
          assertThat(stream.events().get(0).data()).isEqualTo("to " + i);
        }
        assertThat(opening.stream().map(f -> f.result().connection()).distinct()).hasSize(1);
        testContext.completeNow();
      })));
  }

  private Future<HttpVersion> versionOf(HttpClient client) {
    return client.request(new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost("127.0.0.1")
        .setPort(port)
        .setURI("/health"))
      .compose(request -> request.send())
      .compose(response -> response.body().map(body -> response.version()));
  }
}
