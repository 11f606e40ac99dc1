package io.ssehub.web;

import io.ssehub.bus.Addresses;
import io.ssehub.security.Tokens;
import io.ssehub.testing.Browser;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client module, webroot/sse-hub.js as the hub serves it at /sse-hub.js, in Debian's headless
 * Chromium against real hub nodes. A page of the node imports the module and records what its callbacks get in
 * {@code window.seen}; the test publishes over HTTP, as curl would, and stops and starts nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The browser client module /sse-hub.js in a real headless Chromium")
class ClientModuleTest {

  private static final JsonArray CORE_ROLES = new JsonArray().add("history").add("gateway");
  private static final int HISTORY = 3;

  private final HubFixture hub = HubFixture.with(node(new JsonObject()))
    .withBrowser(800, 600);
  private Browser browser;
  private String deployment;

  @BeforeAll
  void start() throws Exception {
    deployment = await(hub.startOwnVertx().deploy());
    browser = hub.browser();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  /** The core roles only, a short history and a short retry hint, with {@code overrides} merged in. */
  private static JsonObject node(JsonObject overrides) {
    return new JsonObject()
      .put("deploy", CORE_ROLES)
      .put("history", new JsonObject().put("maxEvents", HISTORY))
      .put("gateway", new JsonObject().put("retryMillis", 300))
      .mergeIn(overrides, true);
  }

  @Test
  @DisplayName("GET /sse-hub.js is a JavaScript module as text/javascript, and /favicon.ico leads to the icon")
  void servedAsJavaScript() throws Exception {
    HttpResponse<Buffer> module = await(hub.get("/sse-hub.js").send());
    assertThat(module.statusCode()).isEqualTo(200);
    assertThat(module.getHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(module.bodyAsString()).contains("export function subscribe(");
    HttpResponse<Buffer> icon = await(hub.get("/favicon.ico").followRedirects(true).send());
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.getHeader("Content-Type")).startsWith("image/svg+xml");
    assertThat(icon.bodyAsString()).startsWith("<svg");
  }

  @Test
  @DisplayName("Two topics on one stream: events of both reach onEvent with their topic, id, event name and data")
  void twoTopicsOnOneStream() throws Exception {
    openPage(hub.url());
    subscribe("['news', 'weather']", "{}");
    awaitState("open");
    await(NodeStats.awaitTopicConsumers(hub.vertx(), 2));
    String news = publish(hub, "news", null, "plain news");
    String weather = publish(hub, "weather", "forecast", "sunny\nand warm");
    awaitEvents(2);
    assertThat(events()).containsExactly(
      Map.of("topic", "news", "id", news, "event", "message", "data", "plain news"),
      Map.of("topic", "weather", "id", weather, "event", "forecast", "data", "sunny\nand warm"));
    assertThat(browser.script("return window.stream.lastEventId;")).isEqualTo(weather);
    JsonObject figures = await(hub.vertx().eventBus().<JsonObject>request(Addresses.NODE_STATS, new JsonObject())).body();
    assertThat(figures.getInteger("openStreams")).as("streams the page holds open").isEqualTo(1);
    closeStream();
  }

  @Test
  @DisplayName("Resuming after an id the history has let go of reports a reset with the topic and that id, then what is kept")
  void resetReported() throws Exception {
    openPage(hub.url());
    subscribe("['trimmed', 'calm']", "{}");
    awaitState("open");
    String first = publish(hub, "trimmed", null, "first");
    awaitEvents(1);
    closeStream();
    List<String> later = List.of("second", "third", "fourth", "fifth", "sixth");
    for (String data : later) {
      publish(hub, "trimmed", null, data);
    }
    subscribe("['trimmed', 'calm']", "{lastEventId: '" + first + "'}");
    awaitEvents(HISTORY);
    browser.await().until(d -> !resets().isEmpty());
    assertThat(resets()).hasSize(1);
    assertThat(resets().get(0)).containsEntry("topic", "trimmed").containsEntry("lastEventId", first);
    assertThat(events().stream().map(e -> e.get("data")).toList())
      .as("what the history of " + HISTORY + " events still keeps").containsExactly("fourth", "fifth", "sixth");
    closeStream();
  }

  @Test
  @DisplayName("After the hub is stopped and started again on the same port, the module resumes and gets a new event")
  void reconnectAfterRestart() throws Exception {
    openPage(hub.url());
    subscribe("['restarts']", "{}");
    awaitState("open");
    await(NodeStats.awaitTopicConsumers(hub.vertx(), 1));
    String before = publish(hub, "restarts", null, "before the restart");
    awaitEvents(1);

    await(hub.vertx().undeploy(deployment));
    browser.await().until(d -> !"open".equals(browser.script("return window.stream.state;")));
    int statesWhileDown = states().size();
    deployment = await(hub.deploy());
    browser.await().until(d -> states().stream().skip(statesWhileDown).anyMatch(s -> "open".equals(s.get("state"))));
    await(NodeStats.awaitTopicConsumers(hub.vertx(), 1));
    String after = publish(hub, "restarts", null, "after the restart");
    awaitEvents(2);
    assertThat(events().get(1)).containsEntry("id", after).containsEntry("data", "after the restart");
    assertThat(resets()).as("the new node's history does not reach back to the id from before the restart")
      .singleElement().satisfies(reset -> assertThat(reset).containsEntry("topic", "restarts")
        .containsEntry("lastEventId", before));
    closeStream();
  }

  @Test
  @DisplayName("A refused stream (503, the node's stream cap) is retried with growing, jittered delays until it gets in")
  void backOffAfterRefusal() throws Exception {
    Vertx others = Vertx.vertx();
    SseClient sse = new SseClient(others);
    try {
      int port = TestHub.freePort();
      await(TestHub.deploy(others, TestHub.config(port, node(new JsonObject()
        .put("limits", new JsonObject().put("maxConnections", 1).put("retryAfterSeconds", 1))))));
      SseRecorder holder = await(sse.open(port, "/topics/holder"));
      openPage("http://127.0.0.1:" + port);
      subscribe("['capped']", "{backoff: {firstMillis: 200, maxMillis: 800}}");
      browser.await().until(d -> retries().size() >= 3);
      List<Map<String, Object>> retries = retries();
      for (int i = 0; i < 3; i++) {
        long ceiling = Math.min(800, 200L << i);
        assertThat(((Number) retries.get(i).get("reconnectInMillis")).longValue())
          .as("delay before attempt " + (i + 1)).isBetween(ceiling / 2, ceiling);
        assertThat(retries.get(i)).containsEntry("attempt", (long) i + 1);
      }
      await(holder.close());
      awaitState("open");
      await(NodeStats.awaitTopicConsumers(others, 1));
      WebClient web = WebClient.create(others);
      HttpResponse<Buffer> published = await(web.post(port, "127.0.0.1", "/topics/capped").sendBuffer(Buffer.buffer("in")));
      assertThat(published.statusCode()).isEqualTo(201);
      awaitEvents(1);
      assertThat(events().get(0)).containsEntry("topic", "capped").containsEntry("data", "in");
      closeStream();
    } finally {
      await(others.close());
    }
  }

  @Test
  @DisplayName("With auth on, the token callback is asked again before the token expires, and the private stream goes on")
  void tokenRefreshedBeforeExpiry() throws Exception {
    refreshesToken("cookie", Tokens.authSection());
  }

  @Test
  @DisplayName("The same with the token in ?access_token= (auth.queryToken), and no cookie set")
  void tokenRefreshedInTheQuery() throws Exception {
    refreshesToken("query", Tokens.authSection().put("queryToken", true));
    assertThat(browser.script("return document.cookie;")).as("cookies of the page").asString()
      .doesNotContain("ssehub_token");
  }

  /**
   * A node with {@code auth}; the page follows a private topic with a token ending in 6 s and refreshSeconds 3, then
   * a token of two minutes; an event published a second after the first token's end arrives without a refusal.
   */
  private void refreshesToken(String tokenIn, JsonObject auth) throws Exception {
    Vertx others = Vertx.vertx();
    try {
      Tokens tokens = new Tokens(others);
      int port = TestHub.freePort();
      await(TestHub.deploy(others, TestHub.config(port, node(new JsonObject().put("auth", auth)))));
      long exp = System.currentTimeMillis() / 1000 + 6;
      openPage("http://127.0.0.1:" + port);
      browser.script("window.tokens = arguments; window.tokenCalls = [];", tokens.endingAt("alice", exp),
        tokens.endingAt("alice", exp + 120));
      subscribe("['v2.user.alice']", "{tokenIn: '" + tokenIn + "', refreshSeconds: 3, token: () => {"
        + " window.tokenCalls.push(Date.now());"
        + " return Promise.resolve(window.tokens[Math.min(window.tokenCalls.length, window.tokens.length) - 1]); }}");
      awaitState("open");
      browser.await().until(d -> tokenCalls().size() >= 2);
      assertThat(tokenCalls().get(1)).as("when the second token was asked for, before the first one's exp")
        .isLessThan(exp * 1000);
      while (System.currentTimeMillis() < exp * 1000 + 1000) {
        Thread.sleep(200);
      }
      await(NodeStats.awaitTopicConsumers(others, 1));
      HttpResponse<Buffer> published = await(WebClient.create(others)
        .post(port, "127.0.0.1", "/topics/v2.user.alice")
        .bearerTokenAuthentication(tokens.publisher("v2.user.alice"))
        .sendBuffer(Buffer.buffer("after the first token's end")));
      assertThat(published.statusCode()).isEqualTo(201);
      awaitEvents(1);
      assertThat(events().get(0)).containsEntry("topic", "v2.user.alice").containsEntry("data", "after the first token's end");
      assertThat(tokenCalls()).as("tokens asked for: the first, and one refresh").hasSize(2);
      assertThat(states().stream().map(s -> s.get("state")).filter("closed"::equals)).as("refusals").isEmpty();
      closeStream();
    } finally {
      if ("cookie".equals(tokenIn)) {
        browser.script("document.cookie = 'ssehub_token=; path=/; max-age=0';");
      }
      await(others.close());
    }
  }

  private void openPage(String base) {
    browser.driver().get(base + "/health");
  }

  /** Imports the module into the page and subscribes with {@code options} (JavaScript) plus recording callbacks. */
  private void subscribe(String topics, String options) {
    browser.script("window.seen = {events: [], resets: [], states: []};"
      + "import('/sse-hub.js').then(m => { window.stream = m.subscribe(" + topics + ", Object.assign({"
      + "  onEvent: (e) => seen.events.push(e), onReset: (r) => seen.resets.push(r),"
      + "  onState: (s, info) => seen.states.push(Object.assign({state: s}, info))}, " + options + ")); })"
      + ".catch((e) => { seen.failed = String(e); });");
    browser.await().until(d -> Boolean.TRUE.equals(browser.script("return Boolean(window.stream || seen.failed);")));
    assertThat(browser.script("return seen.failed || null;")).as("importing /sse-hub.js").isNull();
  }

  private void closeStream() {
    browser.script("window.stream.close();");
  }

  private void awaitState(String state) {
    browser.await().until(d -> state.equals(browser.script("return window.stream.state;")));
  }

  private void awaitEvents(int count) {
    browser.await().until(d -> events().size() >= count);
  }

  private List<Map<String, Object>> events() {
    return list("return seen.events;");
  }

  private List<Map<String, Object>> resets() {
    return list("return seen.resets;");
  }

  private List<Map<String, Object>> states() {
    return list("return seen.states;");
  }

  private List<Map<String, Object>> retries() {
    return states().stream().filter(state -> state.get("reconnectInMillis") != null).toList();
  }

  @SuppressWarnings("unchecked")
  private List<Long> tokenCalls() {
    return (List<Long>) browser.script("return window.tokenCalls;");
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> list(String script) {
    return (List<Map<String, Object>>) browser.script(script);
  }

  /** POST /topics/{topic}[?event=], as curl -d would; the id the hub answered. */
  private static String publish(HubFixture node, String topic, String event, String data) throws Exception {
    HttpResponse<Buffer> response = await(node.post("/topics/" + topic + (event == null ? "" : "?event=" + event))
      .sendBuffer(Buffer.buffer(data)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
