package io.ssehub.web;

import io.ssehub.testing.Browser;
import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front page as a person with a screen reader, or with weak eyes, meets it: axe-core (from npm, installed by
 * scripts/test.sh into src/test/js/node_modules) runs inside Debian's headless Chromium on the live page, every
 * panel connected and the logs holding events. Also: the curl examples name the page's own origin, and the
 * favicon is there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The front page: axe-core finds no serious or critical violation; its examples show its own origin")
class FrontPageAccessibilityTest {

  private static final Path AXE = Path.of("src/test/js/node_modules/axe-core/axe.min.js");

  private final HubFixture hub = HubFixture.with(new JsonObject()
      .put("generator", new JsonObject().put("delaySeconds", 1)))
    .withBrowser(1280, 1000);
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

  @Test
  @DisplayName("axe-core (WCAG 2 A and AA rules, contrast included) finds nothing serious or critical on the live page")
  void noSeriousViolations() throws Exception {
    assertThat(AXE).as("axe-core from npm: run scripts/test.sh, or npm ci --no-audit --no-fund in src/test/js")
      .exists();
    openLivePage();
    // the logs as they are after a while: every scrollable region full enough to scroll
    Object scrolling = ((JavascriptExecutor) browser.driver()).executeScript(
      "const regions = [...document.querySelectorAll('ol.items, .log-wrap')];"
        + "for (const region of regions) { const list = region.querySelector('tbody') || region;"
        + "  for (let i = 0; i < 60; i++) { const item = document.createElement(list.tagName === 'TBODY' ? 'tr' : "
        + "    list.tagName === 'OL' ? 'li' : 'p');"
        + "    if (item.tagName === 'TR') { item.appendChild(document.createElement('td')).textContent = 'line ' + i; }"
        + "    else { item.textContent = 'line ' + i; } list.appendChild(item); } }"
        + "return regions.filter((r) => r.scrollHeight > r.clientHeight).length + '/' + regions.length;");
    assertThat(scrolling).as("scrollable regions that scroll").isEqualTo("4/4");
    browser.script(Files.readString(AXE));
    String json = (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
      "const done = arguments[arguments.length - 1];"
        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},"
        + " resultTypes: ['violations']})"
        + ".then((r) => done(JSON.stringify({violations: r.violations, passed: r.passes.length})),"
        + " (e) => done(JSON.stringify({failed: String(e)})));");
    JsonObject result = new JsonObject(json);
    assertThat(result.getString("failed")).as("axe.run").isNull();
    assertThat(result.getInteger("passed")).as("rules the page passed").isPositive();
    JsonArray violations = result.getJsonArray("violations");
    List<String> serious = new ArrayList<>();
    for (Object item : violations) {
      JsonObject violation = (JsonObject) item;
      String impact = violation.getString("impact");
      if ("serious".equals(impact) || "critical".equals(impact)) {
        serious.add(impact + " " + violation.getString("id") + ": " + violation.getString("help") + " at "
          + violation.getJsonArray("nodes").stream().map(node -> ((JsonObject) node).getJsonArray("target").encode())
          .toList());
      }
    }
    assertThat(serious).as("serious or critical axe-core violations").isEmpty();
  }

  @Test
  @DisplayName("The curl examples and the module import name the page's own origin, not localhost:3000")
  void examplesShowTheOrigin() {
    browser.driver().get(hub.url() + "/");
    String examples = browser.awaitText(By.cssSelector("pre.curl"), "the curl examples", text -> text.contains(hub.url()));
    assertThat(examples).doesNotContain("localhost:3000")
      .contains("curl -N " + hub.url() + "/topics/news")
      .contains("'" + hub.url() + "/subscribe?topic=news&topic=alerts'");
    assertThat(browser.find(By.cssSelector(".legend code")).getText())
      .isEqualTo("import { subscribe } from \"" + hub.url() + "/sse-hub.js\"");
  }

  @Test
  @DisplayName("The page names its favicon, which loads as an image")
  void favicon() {
    browser.driver().get(hub.url() + "/");
    Object loaded = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
      "const done = arguments[arguments.length - 1];"
        + "const image = new Image(); image.onload = () => done(image.naturalWidth > 0);"
        + "image.onerror = () => done('not loaded'); image.src = document.querySelector('link[rel=icon]').href;");
    assertThat(loaded).isEqualTo(true);
  }

  /** The page with its panels connected, events in the console, a user connected and the chart drawn. */
  private void openLivePage() throws Exception {
    browser.driver().get(hub.url() + "/");
    awaitState("console", "connected");
    browser.byId("console-pub-data").clear();
    browser.byId("console-pub-data").sendKeys("an event for the log");
    browser.byId("console-publish-button").click();
    browser.awaitText(By.id("console-log"), "the console log", text -> text.contains("an event for the log"));
    browser.byId("users-name").clear();
    browser.byId("users-name").sendKeys("ana");
    browser.find(By.cssSelector("#users-login button")).click();
    awaitState("users", "connected as ana");
    browser.find(By.cssSelector("#users-send button")).click();
    browser.awaitText(By.id("users-received"), "ana's messages", text -> !text.isEmpty());
    browser.awaitText(By.id("alerts-count"), "alerts", text -> !"0".equals(text));
    browser.awaitText(By.id("monitor-chart-text"), "the chart's text", text -> text.startsWith("Last "));
  }

  private void awaitState(String panel, String label) {
    browser.awaitText(By.cssSelector("#" + panel + " > header .state"), panel + "'s connection state", label::equals);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
