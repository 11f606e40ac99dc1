package io.ssehub.web;

import io.ssehub.testing.Browser;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front page (webroot/index.html and webroot/app/*) in Debian's headless Chromium against a real hub
 * node, the all-in-one default. Publishing "from outside" is a plain HTTP request made by the test, as curl
 * would. This node has neither the alerts (seed 001) nor the switchboard (seed 000) role, so those panels must
 * say so. Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The front page in a real headless Chromium")
class FrontPageTest {

  private static final String ID = "\\d+-\\d+";

  private static final String NODE = "front-page-node";

  private final HubFixture hub = HubFixture.with(new JsonObject()
      .put("nodeName", NODE)
      .put("generator", new JsonObject().put("delaySeconds", 1)))
    .withBrowser(1280, 1000);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    await(hub.startOwnVertx().deploy());
    browser = hub.browser();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  /** Each test starts logged out: sessionStorage is cleared on a page of the hub that opens no streams. */
  @BeforeEach
  void openPage() {
    browser.driver().get(base() + "/no-such-page");
    browser.script("sessionStorage.clear()");
    browser.driver().get(base() + "/");
  }

  @Test
  @DisplayName("The clock ticks and the PING counter rises, both carried by the page's one shared stream")
  void clockAndPings() throws Exception {
    awaitState("clock", "connected");
    awaitState("announcer", "connected");
    awaitNumber(By.id("clock-ticks"), "clock ticks", 3);
    assertThat(text(By.id("clock-time"))).matches("\\d\\d:\\d\\d:\\d\\d");
    assertThat(text(By.id("clock-raw"))).matches("\\d{10}\\.\\d+");
    awaitNumber(By.id("ping-count"), "PINGs counted", 3);
  }

  @Test
  @DisplayName("A nickname set in the form, and one POSTed from outside, both appear in the nickname list")
  void nicknames() throws Exception {
    awaitState("announcer", "connected");
    browser.byId("nickname-input").sendKeys("Hund");
    browser.find(By.cssSelector("#nickname-form button")).click();
    browser.awaitText(By.id("nickname-list"), "the nickname list", list -> list.lines().toList().contains("Hund"));

    HttpResponse<String> response = post("/nickname", "{\"name\": \"Katze\"}", "application/json");
    assertThat(response.statusCode()).isEqualTo(200);
    browser.awaitText(By.id("nickname-list"), "the nickname list", list -> list.lines().toList().contains("Katze"));
    assertThat(browser.byId("announcer").findElement(By.className("error")).isDisplayed()).isFalse();
  }

  @Test
  @DisplayName("The console shows its own publishes and outside ones, replays what it missed, and shows a reset notice")
  void consoleLiveReplayAndReset() throws Exception {
    awaitState("console", "connected");
    setValue("console-pub-data", "from the page");
    browser.byId("console-publish-button").click();
    String pageId = browser.awaitText(By.id("console-pub-result"), "the publish result", t -> t.matches("published as " + ID))
      .substring("published as ".length());
    awaitRow(pageId, "message", "news", "from the page");

    setValue("console-pub-event", "headline");
    setValue("console-pub-data", "named on the page");
    browser.byId("console-publish-button").click();
    awaitDataRow("named on the page");
    assertThat(row("named on the page")).startsWith("headline news");

    String outsideId = publish("news", "headline", "from outside");
    awaitRow(outsideId, "headline", "news", "from outside");
    assertThat(browser.byId("console-last-id").getDomProperty("value")).isEqualTo(outsideId);

    browser.byId("console-disconnect").click();
    awaitState("console", "disconnected");
    String missed1 = publish("news", null, "missed one");
    String missed2 = publish("news", "headline", "missed two");
    browser.byId("console-reconnect").click();
    assertThat(text(By.id("console-url"))).isEqualTo("GET /subscribe?topic=news&format=json&lastEventId=" + outsideId);
    awaitRow(missed1, "message", "news", "missed one");
    awaitRow(missed2, "headline", "news", "missed two");
    assertThat(rowClass("missed one")).isEqualTo("replayed");
    assertThat(rowClass("missed two")).isEqualTo("replayed");
    browser.awaitText(By.id("console-log"), "the console log", log -> log.contains("Replayed 2 missed event(s); now live."));
    awaitState("console", "connected");
    String liveId = publish("news", null, "live again");
    awaitRow(liveId, "message", "news", "live again");
    assertThat(rowClass("live again")).isNullOrEmpty();
    browser.screenshot("front-console-replay.png", By.id("console"));

    setValue("console-last-id", "1-0");
    browser.byId("console-reconnect").click();
    String reset = browser.awaitText(By.cssSelector("#console-log tr.reset"), "the reset notice", t -> t.contains("1-0"));
    assertThat(reset).contains("reset news History of news does not reach back to id 1-0");
  }

  @Test
  @DisplayName("A v2 user connects, sends to itself from the page and gets a message POSTed from outside; the clock keeps ticking")
  void userMessages() throws Exception {
    new Select(browser.byId("users-version")).selectByValue("v2");
    setValue("users-name", "ana");
    browser.find(By.cssSelector("#users-login button")).click();
    awaitState("users", "connected as ana");
    assertThat(browser.byId("users-to").getDomProperty("value")).isEqualTo("ana");
    // chromedriver cannot type characters beyond the BMP, so the emoji goes in as the field's value
    browser.script("document.getElementById('users-text').value = arguments[0]", "howdy 🤠");
    browser.find(By.cssSelector("#users-send button")).click();
    browser.awaitText(By.id("users-received"), "ana's messages", t -> t.contains("howdy 🤠"));

    HttpResponse<String> response = post("/v2/message?username=ana", "from curl", "text/plain");
    assertThat(response.statusCode()).isEqualTo(204);
    browser.awaitText(By.id("users-received"), "ana's messages", t -> t.contains("from curl"));
    int ticks = Integer.parseInt(text(By.id("clock-ticks")));
    awaitNumber(By.id("clock-ticks"), "clock ticks after the shared stream took the user's topic", ticks + 2);
  }

  @Test
  @DisplayName("In the report panel a new report moves pending → queued → processing → completed by its buttons")
  void reports() throws Exception {
    browser.byId("generate-button").click();
    browser.byId("login-button").click();
    browser.awaitText(By.id("connection"), "the report stream", "connected"::equals);
    awaitState("reports-panel", "connected");
    browser.find(By.className("new-report")).click();
    WebElement row = browser.await().until(d -> d.findElements(By.cssSelector("#reports tr")).stream().findFirst().orElse(null));
    String reportId = row.getDomAttribute("data-report-id");
    By status = By.cssSelector("tr[data-report-id='" + reportId + "'] .status-text");
    browser.awaitText(status, "the report's status", "pending"::equals);
    for (String next : List.of("queued", "processing", "completed")) {
      browser.find(By.cssSelector("tr[data-report-id='" + reportId + "'] button[data-status='" + next + "']")).click();
      browser.awaitText(status, "the report's status", next::equals);
    }
    assertThat(browser.driver().findElements(By.cssSelector("tr[data-report-id='" + reportId + "'] button"))).isEmpty();
  }

  @Test
  @DisplayName("The monitor follows /monitor/stream and its chart gets points")
  void monitor() throws Exception {
    awaitState("monitor", "connected (/monitor/stream)");
    browser.await().until(d -> Integer.parseInt(d.findElement(By.id("monitor-chart")).getDomAttribute("data-points")) >= 3);
    assertThat(text(By.id("monitor-key-figures"))).contains("connections").contains("memory_usage");
    assertThat(browser.byId("monitor-figures").getDomProperty("textContent")).contains("eventsPerSecond").contains("cpu_usage");
  }

  @Test
  @DisplayName("Seed 001's alerts arrive from the generator with their key, message and the serving node")
  void alerts() throws Exception {
    awaitState("alerts", "connected");
    awaitNumber(By.id("alerts-count"), "alerts received", 2);
    assertThat(browser.byId("alerts-server").getText()).isEqualTo(NODE);
    String newest = browser.find(By.cssSelector("#alerts-list li")).getText();
    assertThat(newest).matches("(?s)\\d\\d:\\d\\d:\\d\\d\\s+key \\d+\\s+Sending Message: 0\\.\\d+\\s+from " + NODE);
  }

  @Test
  @DisplayName("The switchboard panel shows the pipeline's answer and the time it took")
  void switchboard() throws Exception {
    awaitState("switchboard", "ready");
    ask("meow meow");
    browser.awaitText(By.cssSelector("#switchboard-answers li .answer"), "the answer",
      "meow meow MEOW MEOW WOEM WOEM woem woem"::equals);
    assertThat(browser.find(By.cssSelector("#switchboard-answers li .took")).getText()).matches("\\d+\\.\\d ms");
  }

  @Test
  @DisplayName("On a node whose processors are not running, the switchboard panel shows no_reply")
  void switchboardOnPartialNodes() throws Exception {
    Vertx others = Vertx.vertx();
    try {
      int noProcessors = TestHub.freePort();
      await(TestHub.deploy(others, TestHub.config(noProcessors, new JsonObject()
        .put("deploy", new JsonArray().add("history").add("gateway").add("switchboard")))));
      browser.driver().get("http://127.0.0.1:" + noProcessors + "/");
      awaitState("switchboard", "ready");
      ask("meow meow");
      browser.awaitText(By.cssSelector("#switchboard-answers li.no-reply .answer"), "the no_reply answer",
        "no_reply"::equals);
      browser.screenshot("front-switchboard-no-reply.png", By.id("switchboard"));
    } finally {
      await(others.close());
    }
  }

  private void ask(String message) {
    WebElement input = browser.byId("switchboard-input");
    input.clear();
    input.sendKeys(message);
    browser.find(By.cssSelector("#switchboard-form button")).click();
  }

  @Test
  @DisplayName("The whole page, every panel in use, in one screenshot")
  void overview() throws Exception {
    awaitState("console", "connected");
    publish("news", "headline", "Vert.x 5 hub is up");
    publish("news", null, "a second event");
    setValue("users-name", "bob");
    browser.find(By.cssSelector("#users-login button")).click();
    awaitState("users", "connected as bob");
    browser.find(By.cssSelector("#users-send button")).click();
    browser.byId("nickname-input").sendKeys("Maus");
    browser.find(By.cssSelector("#nickname-form button")).click();
    browser.byId("generate-button").click();
    browser.byId("login-button").click();
    browser.find(By.className("new-report")).click();
    browser.await().until(d -> !d.findElements(By.cssSelector("#reports tr")).isEmpty());
    browser.await().until(d -> Integer.parseInt(d.findElement(By.id("monitor-chart")).getDomAttribute("data-points")) >= 5);
    awaitNumber(By.id("alerts-count"), "alerts received", 2);
    awaitNumber(By.id("ping-count"), "PINGs counted", 5);
    browser.screenshot("front-page.png", true);
    browser.screenshot("front-page-top.png", false);
  }

  private String base() {
    return hub.url();
  }

  private void awaitState(String panel, String label) {
    browser.awaitText(By.cssSelector("#" + panel + " > header .state"), panel + "'s connection state", label::equals);
  }

  private void awaitNumber(By by, String what, int atLeast) {
    browser.awaitText(by, what + " (at least " + atLeast + ")", t -> t.matches("\\d+") && Integer.parseInt(t) >= atLeast);
  }

  /** Waits for the console row of this id, then checks its event, topic and data cells. */
  private void awaitRow(String id, String event, String topic, String data) {
    By row = By.xpath("//tbody[@id='console-log']/tr[td[@class='id'][starts-with(normalize-space(.), '" + id + "')]]");
    browser.awaitText(row, "the console row of " + id, t -> !t.startsWith("(no such"));
    List<String> cells = browser.find(row).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    assertThat(cells.subList(2, 5)).as("event, topic and data of " + id).containsExactly(event, topic, data);
  }

  private void awaitDataRow(String data) {
    browser.awaitText(dataRow(data), "a console row with data " + data, t -> !t.startsWith("(no such"));
  }

  /** Event, topic and data of the console row with this data. */
  private String row(String data) {
    List<WebElement> cells = browser.find(dataRow(data)).findElements(By.tagName("td"));
    return cells.get(2).getText() + " " + cells.get(3).getText() + " " + cells.get(4).getText();
  }

  private String rowClass(String data) {
    return browser.find(dataRow(data)).getDomAttribute("class");
  }

  private static By dataRow(String data) {
    return By.xpath("//tbody[@id='console-log']/tr[td[@class='data'][.='" + data + "']]");
  }

  private String text(By by) {
    return browser.find(by).getText();
  }

  private String panelError(String panel) {
    return browser.find(By.cssSelector("#" + panel + " > .error")).getText();
  }

  private void setValue(String id, String value) {
    WebElement input = browser.byId(id);
    input.clear();
    input.sendKeys(value);
  }

  /** POST /topics/{topic}[?event=], as curl -d would; the id the hub answered. */
  private String publish(String topic, String event, String data) throws Exception {
    HttpResponse<String> response = post("/topics/" + topic + (event == null ? "" : "?event=" + event), data, "text/plain");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("id");
  }

  private HttpResponse<String> post(String path, String body, String type) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
      .timeout(Duration.ofSeconds(30))
      .header("Content-Type", type + "; charset=utf-8")
      .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
      .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
