package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestCertificates;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request of {@link MalformedRequestsTest} again, on the same node with TLS on, over HTTP/1.1 agreed by ALPN:
 * TLS changes the transport, not the framing, and a smuggled request must not run behind it either.
 */
@DisplayName("HTTPS edge (HTTP/1.1 by ALPN): request smuggling, quiet logs")
class MalformedRequestsTlsTest extends MalformedRequestsTest {

  private HttpClient https;

  @Override
  HubFixture fixture() {
    return EdgeNode.tlsFixture(TestCertificates.create());
  }

  @Override
  boolean tls() {
    return true;
  }

  @Override
  SseRecorder subscribe(String topic) throws Exception {
    https = hub.vertx().createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setUseAlpn(true));
    return SseClient.openWith(https, hub.port(), "/topics/" + topic, MultiMap.caseInsensitiveMultiMap())
      .toCompletionStage()
      .toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("The raw connections of these tests are TLS with HTTP/1.1 agreed by ALPN")
  void rawConnectionsAreTls(VertxTestContext testContext) throws Exception {
    try (RawConnection raw = RawConnection.open(hub.port(), true)) {
      testContext.verify(() -> assertThat(raw.applicationProtocol()).isEqualTo("http/1.1"));
    }
    testContext.completeNow();
  }

  @AfterEach
  void closeClient() {
    if (https != null) {
      https.close();
    }
  }
}
