package io.ssehub.report;

import io.ssehub.testing.Browser;
import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report dashboard (reports.html, drawn by app/reports.js) in Debian's headless Chromium ({@link Browser}).
 */
@DisplayName("The report dashboard in a real headless Chromium")
class ReportDashboardTest {

  private final HubFixture hub = HubFixture.defaults().withBrowser(1200, 800);
  private Vertx vertx;
  private String deployment;
  private Browser chromium;
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    vertx = hub.startOwnVertx().vertx();
    deployment = await(hub.deploy());
    chromium = hub.browser();
    browser = chromium.driver();
    wait = chromium.await();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  @DisplayName("Log in, create a report, move it by its buttons, and see a change made by update_report_status.sh at once")
  void dashboard() throws Exception {
    browser.get("http://127.0.0.1:" + hub.port() + "/reports.html");
    input().sendKeys("not-a-uuid");
    click("login-button");
    assertThat(browser.findElement(By.id("login-error")).getText()).isEqualTo("User ID must be a UUID");

    input().clear();
    click("generate-button");
    String userId = input().getDomProperty("value");
    assertThat(userId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    click("login-button");
    wait.until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
    assertThat(browser.findElement(By.id("user-id")).getText()).isEqualTo(userId);

    browser.findElement(By.className("new-report")).click();
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#reports tr")));
    String reportId = row.getDomAttribute("data-report-id");
    assertRow(reportId, "pending", "rgba(255, 255, 0, 1)", List.of("queued", "canceled"));

    clickMove(reportId, "queued");
    assertRow(reportId, "queued", "rgba(255, 165, 0, 1)", List.of("processing", "canceled"));
    clickMove(reportId, "processing");
    assertRow(reportId, "processing", "rgba(147, 196, 125, 1)", List.of("completed", "failed"));

    assertThat(runSeedScript(userId, reportId, "failed")).contains("sending: {\"id\":\"" + reportId + "\", \"status\":\"failed\"}");
    assertRow(reportId, "failed", "rgba(255, 0, 0, 1)", List.of("pending"));
    clickMove(reportId, "pending");
    assertRow(reportId, "pending", "rgba(255, 255, 0, 1)", List.of("queued", "canceled"));
    clickMove(reportId, "canceled");
    assertRow(reportId, "canceled", "rgba(224, 102, 102, 1)", List.of("pending"));

    ((JavascriptExecutor) browser).executeScript("reportDashboard.move(arguments[0], 'completed')", reportId);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertThat(browser.findElement(By.id("error")).getText())
      .isEqualTo("Could not move report " + reportId + " to completed: Report " + reportId
        + " is canceled, so it cannot move to completed; from canceled it can move to pending.");

    chromium.screenshot("reports-dashboard.png", false);
    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(By.id("connection"), "connected"));
    assertRow(reportId, "canceled", "rgba(224, 102, 102, 1)", List.of("pending"));

    await(vertx.undeploy(deployment));
    wait.until(ExpectedConditions.textToBe(By.id("connection"), "connection lost, reconnecting…"));
  }

  private WebElement input() {
    return browser.findElement(By.name("userIdInput"));
  }

  private void click(String id) {
    browser.findElement(By.id(id)).click();
  }

  private void clickMove(String reportId, String status) {
    browser.findElement(By.cssSelector("tr[data-report-id='" + reportId + "'] button[data-status='" + status + "']"))
      .click();
  }

  /** Waits until the row shows the status, its circle the colour and exactly the buttons of the valid moves. */
  private void assertRow(String reportId, String status, String colour, List<String> buttons) {
    By row = By.cssSelector("tr[data-report-id='" + reportId + "']");
    String expected = status + " " + colour + " " + buttons;
    String[] seen = {"no row"};
    try {
      wait.ignoring(StaleElementReferenceException.class).until(driver -> {
        WebElement element = driver.findElement(row);
        seen[0] = element.findElement(By.className("status-text")).getText() + " "
          + element.findElement(By.className("status-circle")).getCssValue("background-color") + " "
          + element.findElements(By.tagName("button")).stream().map(WebElement::getText).toList();
        return seen[0].equals(expected);
      });
    } catch (TimeoutException e) {
      assertThat(seen[0]).as("report %s's row (status, colour, buttons)", reportId).isEqualTo(expected);
    }
  }

  /** The seed's update_report_status.sh, unchanged but for the port, run with bash and curl. */
  private String runSeedScript(String userId, String reportId, String status) throws IOException, InterruptedException {
    String script = Files.readString(Path.of("examples/update_report_status.sh"), StandardCharsets.UTF_8)
      .replace("localhost:3000", "127.0.0.1:" + hub.port());
    Path copy = Files.createTempFile("update_report_status", ".sh");
    try {
      Files.writeString(copy, script, StandardCharsets.UTF_8);
      Process process = new ProcessBuilder("bash", copy.toString(), userId, reportId, status)
        .redirectErrorStream(true)
        .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      return output;
    } finally {
      Files.delete(copy);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
