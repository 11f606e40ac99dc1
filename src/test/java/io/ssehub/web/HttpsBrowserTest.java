package io.ssehub.web;

import io.ssehub.testing.Browser;
import io.ssehub.testing.TestCertificates;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium against a hub with {@code gateway.tls} (a self-signed certificate, so this browser
 * alone ignores certificate errors): over HTTPS it speaks HTTP/2, so one origin holds more than the six streams
 * HTTP/1.1 allows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Chromium over HTTPS and HTTP/2 holds ten EventSources on one origin")
class HttpsBrowserTest {

  private static final int STREAMS = 10;

  private final int port = TestHub.freePort();
  private Vertx vertx;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    TestCertificates.Pair pair = TestCertificates.create();
    vertx = Vertx.vertx();
    await(TestHub.deploy(vertx, TestHub.config(port, new JsonObject().put("gateway", new JsonObject()
      .put("tls", new JsonObject().put("certFile", pair.cert().toString()).put("keyFile", pair.key().toString()))))));
    browser = new Browser(1280, 1000, "--ignore-certificate-errors");
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    await(vertx.close());
  }

  @Test
  @DisplayName("Ten EventSources are all open at once, and each gets the event published on its topic after that")
  void tenStreams() {
    browser.driver().get("https://127.0.0.1:" + port + "/no-such-page");
    browser.script("window.received = [];"
      + "window.sources = [...Array(" + STREAMS + ").keys()].map(i => {"
      + "  const source = new EventSource('/topics/https-' + i);"
      + "  received[i] = [];"
      + "  source.onmessage = e => received[i].push(e.data);"
      + "  return source; });");
    browser.await().until(d -> ((Number) browser.script(
      "return sources.filter(s => s.readyState === EventSource.OPEN).length")).intValue() == STREAMS);
    browser.script("for (let i = 0; i < " + STREAMS + "; i++) fetch('/topics/https-' + i, "
      + "{method: 'POST', body: 'to ' + i});");
    browser.await().until(d -> ((Number) browser.script(
      "return received.filter((r, i) => r.includes('to ' + i)).length")).intValue() == STREAMS);
    Object open = browser.script("return sources.filter(s => s.readyState === EventSource.OPEN).length");
    Object protocol = browser.script("return performance.getEntriesByType('navigation')[0].nextHopProtocol");
    @SuppressWarnings("unchecked")
    List<List<String>> received = (List<List<String>>) browser.script("return received");
    assertThat(protocol).isEqualTo("h2");
    assertThat(((Number) open).intValue()).as("EventSources still open").isEqualTo(STREAMS);
    for (int i = 0; i < STREAMS; i++) {
      assertThat(received.get(i)).containsExactly("to " + i);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
