package io.ssehub.security;

import io.ssehub.testing.Browser;
import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real EventSource in headless Chromium against a hub with auth on. The HTML standard says an
 * EventSource whose response is not a 200 {@code text/event-stream} fails for good (readyState CLOSED) and
 * does not reconnect; this shows the hub's 401 is such an answer, so a browser without a token does not
 * hammer the node, and that the cookie is how a browser's EventSource carries its token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Auth in a real headless Chromium: no endless 401 reconnect loop; the cookie opens the stream")
class AuthBrowserTest {


  private final HubFixture hub = HubFixture.with(new JsonObject().put("auth", Tokens.authSection())
      .put("gateway", new JsonObject().put("retryMillis", 500)))
    .withBrowser(800, 600);
  private Vertx vertx;
  private Tokens tokens;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    vertx = hub.startOwnVertx().vertx();
    tokens = new Tokens(vertx);
    await(hub.deploy());
    browser = hub.browser();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @Test
  @DisplayName("Without a token the EventSource gets one 401, closes for good and never asks again; with the cookie it streams")
  void noReconnectLoop() throws Exception {
    browser.driver().get("http://127.0.0.1:" + hub.port() + "/health");
    double refusedBefore = refused();
    browser.script("window.seen = {errors: 0, messages: []};"
      + "const es = new EventSource('/v2/sse?username=alice');"
      + "es.onerror = () => { window.seen.errors++; window.seen.state = es.readyState; };"
      + "window.refusedStream = es;");
    Thread.sleep(4000);
    @SuppressWarnings("unchecked")
    Map<String, Object> seen = (Map<String, Object>) browser.script("return window.seen;");
    assertThat(seen.get("errors")).as("error events").isEqualTo(1L);
    assertThat(seen.get("state")).as("readyState after the 401 (2 = CLOSED)").isEqualTo(2L);
    assertThat(browser.script("return window.refusedStream.readyState;")).isEqualTo(2L);
    assertThat(refused() - refusedBefore).as("401 answers the node gave in 4 s, with a 500 ms retry hint").isEqualTo(1.0);

    browser.script("document.cookie = 'ssehub_token=" + tokens.user("alice") + "; path=/';"
      + "const es = new EventSource('/v2/sse?username=alice');"
      + "es.onopen = () => { window.seen.open = true; };"
      + "es.onmessage = (e) => window.seen.messages.push(e.data);");
    browser.await().until(d -> Boolean.TRUE.equals(browser.script("return window.seen.open === true;")));
    awaitConsumer();
    int status = await(hub.post("/v2/message?username=alice")
      .bearerTokenAuthentication(tokens.publisher("v2.user.alice"))
      .sendBuffer(Buffer.buffer("hello from the server"))).statusCode();
    assertThat(status).isEqualTo(204);
    browser.await().until(d -> Boolean.TRUE.equals(browser.script("return window.seen.messages.length === 1;")));
    assertThat(browser.script("return window.seen.messages[0];")).isEqualTo("hello from the server");
  }

  private void awaitConsumer() throws Exception {
    await(io.ssehub.testing.NodeStats.awaitTopicConsumers(vertx, 1));
  }

  private double refused() throws Exception {
    String metrics = await(hub.get("/metrics")
      .bearerTokenAuthentication(tokens.manager("ops"))
      .send()).bodyAsString();
    return metrics.lines()
      .filter(line -> line.startsWith("ssehub_auth_refused_total{") && line.contains("status=\"401\""))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .sum();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
