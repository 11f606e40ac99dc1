package io.ssehub.mercure;

import io.ssehub.testing.Browser;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.MercureHub;
import io.ssehub.testing.MercureSigner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mercure protocol in a real headless Chromium: a page on the hub's origin (src/test/resources/mercure-webroot,
 * served as the node's webroot) subscribes with {@code EventSource} on {@code /.well-known/mercure?match=...} and
 * publishes with {@code fetch}, a form-encoded body and a token signed with the test key. The page is opened on
 * {@code http://localhost}, which Chromium counts as a secure context, so that it may set the
 * {@code __Secure-mercure_access_token} cookie the specification recommends (a {@code __Secure-} cookie needs the
 * {@code Secure} attribute, which a page may set only in a secure context).
 *
 * <p>A stream's response headers come before the hub has subscribed it, so each stream also matches
 * {@value #PROBE}, and the test publishes probes to it until every stream has seen one; probes are then left out of
 * what the streams saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Mercure in a real headless Chromium: EventSource subscribers, fetch publishers, matchers, private updates")
class MercureBrowserTest {

  private static final String PROBE = "urn:ssehub:probe";
  private static final String COOKIE = "__Secure-mercure_access_token";

  private final HubFixture hub = HubFixture.with(MercureHub.overrides(true)
      .put("gateway", new JsonObject().put("webroot", Path.of("src/test/resources/mercure-webroot").toAbsolutePath()
        .toString())))
    .withBrowser(800, 600);
  private final MercureHub mercure = new MercureHub(hub);
  private Browser browser;

  @BeforeAll
  void start() {
    await(hub.startOwnVertx().deploy());
    browser = hub.browser();
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @BeforeEach
  void openPage() {
    browser.driver().manage().deleteAllCookies();
    browser.driver().get("http://localhost:" + hub.port() + "/mercure.html");
    browser.await().until(d -> Boolean.TRUE.equals(browser.script("return typeof window.subscribe === 'function';")));
  }

  @Test
  @DisplayName("A fetch publish reaches the page's EventSource with its data, its id as the SSE id and its type; the answer is 200 text/plain with the id")
  void publishReachesEventSource() {
    subscribe("books", List.of(List.of("match", "https://example.com/books/1")), "book.updated");
    awaitSubscribed("books");

    Map<String, Object> answer = publish("first", mercure.publisherToken(), List.of(
      List.of("topic", "https://example.com/books/1"),
      List.of("data", "{\"title\": \"Dune\"}\nsecond line"),
      List.of("id", "urn:uuid:6a2f3c52-7b1e-4c8e-9d7a-1f2e3d4c5b6a"),
      List.of("type", "book.updated")));

    assertThat(answer.get("status")).as("status of the publish").isEqualTo(200L);
    assertThat((String) answer.get("type")).as("its Content-Type").startsWith("text/plain");
    assertThat(answer.get("body")).as("its body, the update's id").isEqualTo("urn:uuid:6a2f3c52-7b1e-4c8e-9d7a-1f2e3d4c5b6a");
    assertThat(awaitUpdates("books", 1)).containsExactly(Map.of("type", "book.updated",
      "id", "urn:uuid:6a2f3c52-7b1e-4c8e-9d7a-1f2e3d4c5b6a", "data", "{\"title\": \"Dune\"}\nsecond line"));
  }

  @Test
  @DisplayName("Exact, URL Pattern and * matchers in the browser: each stream gets the updates it matches and no other")
  void matchers() {
    subscribe("exact", List.of(List.of("match", "https://example.com/books/1")));
    subscribe("pattern", List.of(List.of("match_urlpattern", "https://example.com/books/:id")));
    subscribe("everything", List.of(List.of("match", "*")));
    subscribe("exactSpelled", List.of(List.of("match_exact", "https://example.com/books/2")));
    awaitSubscribed("exact", "pattern", "everything", "exactSpelled");

    String token = mercure.publisherToken();
    for (String topic : List.of("https://example.com/authors/7", "https://example.com/books/1/reviews",
      "https://example.com/Books/1", "https://example.com/books/2", "https://example.com/books/1")) {
      assertThat(publish(topic, token, List.of(List.of("topic", topic), List.of("data", topic))).get("status"))
        .as("status of the publish to " + topic).isEqualTo(200L);
    }

    assertThat(awaitUpdates("everything", 5)).extracting(update -> update.get("data")).containsExactly(
      "https://example.com/authors/7", "https://example.com/books/1/reviews", "https://example.com/Books/1",
      "https://example.com/books/2", "https://example.com/books/1");
    assertThat(awaitUpdates("pattern", 2)).as("books/:id matches one path segment, case-sensitively")
      .extracting(update -> update.get("data"))
      .containsExactly("https://example.com/books/2", "https://example.com/books/1");
    assertThat(awaitUpdates("exact", 1)).extracting(update -> update.get("data"))
      .containsExactly("https://example.com/books/1");
    assertThat(awaitUpdates("exactSpelled", 1)).extracting(update -> update.get("data"))
      .containsExactly("https://example.com/books/2");
  }

  @Test
  @DisplayName("A private update does not reach the anonymous EventSource nor one whose cookie token covers another topic; it reaches the one whose cookie token covers its topic")
  void privateUpdatesFollowTheCookie() {
    List<List<String>> orders = List.of(List.of("match", "https://example.com/orders/1"));
    subscribe("anonymous", orders);
    awaitSubscribed("anonymous");
    setCookie(subscriber("https://example.com/orders/2"));
    subscribe("otherTopic", orders);
    awaitSubscribed("otherTopic");
    setCookie(subscriber("pattern:https://example.com/orders/:id"));
    subscribe("authorized", orders);
    awaitSubscribed("authorized");

    String token = mercure.publisherToken();
    assertThat(publish("private", token, List.of(List.of("topic", "https://example.com/orders/1"),
      List.of("data", "private"), List.of("private", "on"))).get("status")).isEqualTo(200L);
    assertThat(publish("public", token, List.of(List.of("topic", "https://example.com/orders/1"),
      List.of("data", "public"))).get("status")).isEqualTo(200L);

    assertThat(awaitUpdates("authorized", 2)).extracting(update -> update.get("data"))
      .containsExactly("private", "public");
    assertThat(awaitUpdates("anonymous", 1)).extracting(update -> update.get("data")).containsExactly("public");
    assertThat(awaitUpdates("otherTopic", 1)).extracting(update -> update.get("data")).containsExactly("public");
  }

  /** Sets the token cookie from the page, as a script of the site would; fails when the browser refused it. */
  private void setCookie(String token) {
    browser.script("document.cookie = arguments[0] + '=' + arguments[1] + '; Secure; Path=/; SameSite=Strict';",
      COOKIE, token);
    assertThat((String) browser.script("return document.cookie;"))
      .as("the page's cookies: Chromium keeps a __Secure- cookie set from http://localhost")
      .contains(COOKIE + "=" + token);
  }

  /** Opens an EventSource named {@code name} on these query pairs and the probe topic. */
  private void subscribe(String name, List<List<String>> pairs, String... types) {
    List<List<String>> withProbe = new ArrayList<>(pairs);
    withProbe.add(List.of("match", PROBE));
    browser.script("window.subscribe(arguments[0], arguments[1], arguments[2]);", name, withProbe, List.of(types));
  }

  /** Publishes probes from the test until every named stream has seen one. */
  private void awaitSubscribed(String... names) {
    String token = mercure.publisherToken();
    for (int attempt = 0; attempt < 60; attempt++) {
      int status = await(mercure.publish(token, MercureHub.form("topic", PROBE, "data", PROBE))).statusCode();
      assertThat(status).as("status of a probe publish").isEqualTo(200);
      boolean all = true;
      for (String name : names) {
        all &= seenProbe(name);
      }
      if (all) {
        return;
      }
    }
    throw new AssertionError("the streams " + List.of(names) + " never saw a probe; they saw " + seen(names));
  }

  private boolean seenProbe(String name) {
    try {
      new WebDriverWait(browser.driver(), Duration.ofMillis(500)).until(d -> Boolean.TRUE.equals(browser.script(
        "return window.streams[arguments[0]].events.some((e) => e.data === arguments[1]);", name, PROBE)));
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** Waits for the page's answer to a publish made with {@code fetch}. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> publish(String name, String token, List<List<String>> pairs) {
    browser.script("window.publish(arguments[0], arguments[1], arguments[2]);", name, token, pairs);
    browser.await().until(d -> browser.script("return window.published[arguments[0]] !== undefined;", name)
      .equals(Boolean.TRUE));
    return (Map<String, Object>) browser.script("return window.published[arguments[0]];", name);
  }

  /**
   * The updates the stream has seen, probes left out, once there are {@code count}. Updates reach a stream in the
   * order they were published, so when the last one a test expects is there, any it should not have got is too.
   */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> awaitUpdates(String name, int count) {
    String updates = "return window.streams[arguments[0]].events.filter((e) => e.data !== arguments[1]);";
    browser.await().until(d -> ((List<Object>) browser.script(updates, name, PROBE)).size() >= count);
    return (List<Map<String, Object>>) browser.script(updates, name, PROBE);
  }

  private Object seen(String... names) {
    return browser.script("return arguments[0].map((n) => [n, window.streams[n].open, window.streams[n].errors, "
      + "window.streams[n].events.length]);", List.of(names));
  }

  /** A token that may subscribe to these matchers ({@link MercureSigner#detail}), for ten minutes. */
  private String subscriber(String... matchers) {
    return mercure.signer().token(600, MercureSigner.subscribe(matchers));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
