package io.ssehub.web;

import io.ssehub.testing.Browser;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The panels whose routes come from other branches (alerts, switchboard, the monitor stream), in headless
 * Chromium against {@link ContractStandIns}: stand-ins that answer as the seed contracts say, in front of a
 * real hub node that serves everything else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The front page against the seed 000/001 and monitor-stream contracts")
class FrontPageContractTest {

  private Vertx vertx;
  private ContractStandIns standIns;
  private Browser browser;
  private String page;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    int hubPort = TestHub.freePort();
    await(TestHub.deploy(vertx, TestHub.config(hubPort, new JsonObject())));
    standIns = new ContractStandIns(vertx, hubPort);
    page = "http://127.0.0.1:" + await(standIns.listen()) + "/";
    browser = new Browser(1280, 1000);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    await(standIns.close());
    await(vertx.close());
  }

  @Test
  @DisplayName("Alerts arrive with their key, message and serving node; the count rises")
  void alerts() {
    browser.driver().get(page);
    awaitState("alerts", "connected");
    browser.awaitText(By.id("alerts-count"), "alerts received", t -> Integer.parseInt(t) >= 3);
    assertThat(browser.byId("alerts-server").getText()).isEqualTo(ContractStandIns.NODE);
    String newest = browser.find(By.cssSelector("#alerts-list li")).getText();
    assertThat(newest).matches("(?s)\\d\\d:\\d\\d:\\d\\d\\s+key \\d+\\s+Sending Message: 0\\.\\d+\\s+from " + ContractStandIns.NODE);
  }

  @Test
  @DisplayName("The switchboard shows the processed answer, or no_reply, each with the time it took")
  void switchboard() throws Exception {
    browser.driver().get(page);
    awaitState("switchboard", "ready");
    WebElement input = browser.byId("switchboard-input");
    input.clear();
    input.sendKeys("meow meow");
    browser.find(By.cssSelector("#switchboard-form button")).click();
    browser.awaitText(By.cssSelector("#switchboard-answers li .answer"), "the answer",
      "meow meow MEOW MEOW WOEM WOEM woem woem"::equals);
    assertThat(browser.find(By.cssSelector("#switchboard-answers li .took")).getText()).matches("\\d+\\.\\d ms");

    input.clear();
    input.sendKeys("slow");
    browser.find(By.cssSelector("#switchboard-form button")).click();
    browser.awaitText(By.cssSelector("#switchboard-answers li.no-reply .answer"), "the no_reply answer", "no_reply"::equals);
    List<WebElement> answers = browser.driver().findElements(By.cssSelector("#switchboard-answers li"));
    assertThat(answers).hasSize(2);
    browser.screenshot("front-contracts-panels.png", By.id("alerts"));
  }

  @Test
  @DisplayName("With /monitor/stream the monitor follows the stream and charts connections and events per second")
  void monitorStream() throws Exception {
    browser.driver().get(page);
    awaitState("monitor", "connected (/monitor/stream)");
    browser.await().until(d -> Integer.parseInt(d.findElement(By.id("monitor-chart")).getDomAttribute("data-points")) >= 3);
    assertThat(browser.byId("monitor-key-figures").getText()).contains("connections").contains("topics");
    assertThat(browser.byId("monitor-figures").getDomProperty("textContent")).contains("eventsPerSecond").contains("members");
    browser.screenshot("front-contracts.png", true);
  }

  private void awaitState(String panel, String label) {
    browser.awaitText(By.cssSelector("#" + panel + " > header .state"), panel + "'s connection state", label::equals);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
