package io.ssehub.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver, both given by path so that
 * Selenium Manager never runs or downloads anything. Each browser has its own throw-away profile.
 */
public final class Browser implements AutoCloseable {

  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Path profile;
  private final ChromeDriver driver;
  private final WebDriverWait wait;

  public Browser(int width, int height) throws IOException {
    this(width, height, new String[0]);
  }

  /** A browser started with {@code extraArguments} besides the usual ones (such as --ignore-certificate-errors). */
  public Browser(int width, int height, String... extraArguments) throws IOException {
    profile = Files.createTempDirectory("sse-hub-chromium");
    ChromeOptions options = new ChromeOptions()
      .setBinary("/usr/bin/chromium")
      .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile)
      .addArguments(extraArguments);
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File("/usr/bin/chromedriver"))
      .usingAnyFreePort()
      .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    wait = new WebDriverWait(driver, PATIENCE);
  }

  public WebDriver driver() {
    return driver;
  }

  public WebDriverWait await() {
    return wait;
  }

  public WebElement find(By by) {
    return driver.findElement(by);
  }

  public WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * Waits until the text of the element matches; on timeout fails with what was last seen there. Elements
   * that are repainted while being read are simply read again.
   */
  public String awaitText(By by, String what, Predicate<String> condition) {
    String[] seen = {"(no such element)"};
    try {
      wait.ignoring(StaleElementReferenceException.class).until(d -> {
        seen[0] = d.findElements(by).stream().findFirst().map(WebElement::getText).orElse("(no such element)");
        return condition.test(seen[0]);
      });
    } catch (TimeoutException e) {
      assertThat(seen[0]).as(what + " (waited " + PATIENCE.toSeconds() + " s)").matches(condition);
    }
    return seen[0];
  }

  /** Saves what the browser shows into target/screenshots/{name}; with fullPage, the whole page, not just the window. */
  public Path screenshot(String name, boolean fullPage) throws IOException {
    Path target = Path.of("target", "screenshots", name);
    Files.createDirectories(target.getParent());
    if (fullPage) {
      Number width = (Number) script("return document.documentElement.scrollWidth");
      Number height = (Number) script("return document.documentElement.scrollHeight");
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", width.intValue(), "height", height.intValue(), "deviceScaleFactor", 1, "mobile", false));
      try {
        Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
      } finally {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
      }
    } else {
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /** Saves a picture of one element (scrolled into view) into target/screenshots/{name}. */
  public Path screenshot(String name, By element) throws IOException {
    Path target = Path.of("target", "screenshots", name);
    Files.createDirectories(target.getParent());
    WebElement found = driver.findElement(element);
    script("arguments[0].scrollIntoView({block: 'start'})", found);
    Files.write(target, found.getScreenshotAs(OutputType.BYTES));
    return target;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
      }
    }
  }
}
