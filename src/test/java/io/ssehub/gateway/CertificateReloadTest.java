package io.ssehub.gateway;

import io.ssehub.testing.HubCalls;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestCertificates;
import io.ssehub.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gateway.tls}: certificate files replaced under a running hub are served to new connections. */
@ExtendWith(VertxExtension.class)
@DisplayName("TLS certificate reload: new connections get the new certificate, open streams stay up")
class CertificateReloadTest {

  private static final long RELOADED_WITHIN_MILLIS = 20_000;

  private final int port = TestHub.freePort();
  private HttpClient h2;
  private WebClient web;

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    if (h2 != null) {
      h2.close();
      web.close();
    }
  }

  @Test
  @DisplayName("Replacing the certificate and key files changes the certificate a new handshake sees; a stream opened "
    + "before it still gets events")
  void reloadsChangedFiles(Vertx vertx, VertxTestContext testContext) throws Exception {
    TestCertificates.Pair first = TestCertificates.createIn(dir, "server");
    HttpClientOptions tls = new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2);
    h2 = vertx.createHttpClient(tls);
    web = WebClient.create(vertx, new WebClientOptions(tls));
    JsonObject overrides = new JsonObject().put("gateway", new JsonObject()
      .put("tls", new JsonObject().put("certFile", first.cert().toString()).put("keyFile", first.key().toString())
        .put("reloadSeconds", 1)));
    await(TestHub.deploy(vertx, TestHub.config(port, overrides)).toCompletionStage());
    SseRecorder before = await(SseClient.openWith(h2, port, "/topics/reload", MultiMap.caseInsensitiveMultiMap())
      .toCompletionStage());
    String presentedFirst = TestCertificates.presented(port);

    TestCertificates.Pair second = TestCertificates.createIn(dir, "server");
    long deadline = System.currentTimeMillis() + RELOADED_WITHIN_MILLIS;
    String presented = presentedFirst;
    while (!presented.equals(second.fingerprint()) && System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      presented = TestCertificates.presented(port);
    }
    await(new HubCalls(vertx, web, port).publish("reload", "after the reload").toCompletionStage());
    String presentedSecond = presented;
    before.awaitEvents(1).onComplete(testContext.succeeding(events -> testContext.verify(() -> {
      assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
      assertThat(presentedFirst).isEqualTo(first.fingerprint());
      assertThat(presentedSecond).as("certificate of a new connection after the files changed")
        .isEqualTo(second.fingerprint());
      assertThat(before.ended()).isFalse();
      assertThat(events.get(0).data()).isEqualTo("after the reload");
      testContext.completeNow();
    })));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
