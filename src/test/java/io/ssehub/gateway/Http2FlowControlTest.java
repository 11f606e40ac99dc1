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
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-stream flow control over HTTP/2: two streams on one connection, whose client grants each stream a 4 KiB
 * window; one stream is not read. Its bytes wait on its own window and fill its own write queue
 * ({@code gateway.writeQueueBytes}, 16 KiB here), so the slow-reader cut-off ends it, while the other stream on
 * the same connection gets every event.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTP/2: a stalled stream is cut off without stalling another stream on its connection")
class Http2FlowControlTest {

  private static final int EVENTS = 40;
  private static final String PAYLOAD = "x".repeat(2048);

  private final int port = TestHub.freePort();
  private HttpClient h2;
  private WebClient web;
  private HubCalls hub;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    TestCertificates.Pair pair = TestCertificates.create();
    HttpClientOptions tls = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
    h2 = vertx.createHttpClient(new HttpClientOptions(tls)
        .setInitialSettings(new Http2Settings().setInitialWindowSize(4096)),
      new PoolOptions().setHttp2MaxSize(1));
    web = WebClient.create(vertx, new WebClientOptions(tls));
    hub = new HubCalls(vertx, web, port);
    JsonObject overrides = new JsonObject().put("gateway", new JsonObject()
      .put("instances", 1)
      .put("writeQueueBytes", 16 * 1024)
      .put("tls", new JsonObject().put("certFile", pair.cert().toString()).put("keyFile", pair.key().toString())));
    TestHub.deploy(vertx, TestHub.config(port, overrides)).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    h2.close();
    web.close();
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("The unread stream is cut off as a slow reader; the read one on the same connection gets all events")
  void stalledStreamDoesNotStallItsNeighbour(VertxTestContext testContext) {
    Future.all(open("/topics/stalled"), open("/topics/flowing"))
      .compose(both -> {
        SseRecorder stalled = both.resultAt(0);
        SseRecorder flowing = both.resultAt(1);
        stalled.pause();
        return publishBoth(0)
          .compose(v -> Future.all(stalled.awaitEnd(), flowing.awaitEvents(EVENTS)))
          .compose(v -> hub.stats())
          .map(stats -> {
            testContext.verify(() -> {
              assertThat(stalled.connection()).isSameAs(flowing.connection());
              assertThat(flowing.version()).isEqualTo(HttpVersion.HTTP_2);
              assertThat(flowing.ended()).as("the read stream stays open").isFalse();
              assertThat(flowing.events()).hasSize(EVENTS);
              assertThat(flowing.events()).extracting(SseEvent::data).allMatch(data -> data.equals(PAYLOAD));
              assertThat(stalled.events().size()).as("events the stalled stream took").isLessThan(EVENTS);
              assertThat(stats.getLong("slowReadersCut")).isGreaterThanOrEqualTo(1);
            });
            return stats;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  private Future<SseRecorder> open(String uri) {
    return SseClient.openWith(h2, port, uri, MultiMap.caseInsensitiveMultiMap());
  }

  /** Publishes event {@code i} and on to both topics, one pair after the other. */
  private Future<Void> publishBoth(int i) {
    if (i == EVENTS) {
      return Future.succeededFuture();
    }
    return Future.all(hub.publish("stalled", PAYLOAD), hub.publish("flowing", PAYLOAD))
      .compose(v -> publishBoth(i + 1));
  }
}
