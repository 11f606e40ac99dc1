package io.ssehub.mercure;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.MercureHub;
import io.ssehub.testing.MercureSigner;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.ssehub.testing.MercureHub.subscribeUri;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Mercure subscriptions: GET /.well-known/mercure with exact, URL Pattern and * matchers")
class MercureSubscribeTest {

  private static final String BOOK_1 = "https://example.com/books/1";
  private static final String BOOK_2 = "https://example.com/books/2";
  private static final String AUTHOR_1 = "https://example.com/authors/1";

  private final HubFixture hub = HubFixture.with(MercureHub.overrides(true)
    .put("gateway", new JsonObject().put("keepAliveSeconds", 1)));
  private final MercureHub mercure = new MercureHub(hub);

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("An exact matcher gets its topic's updates, with id, event type, retry and one data line per line")
  void exactMatcher(VertxTestContext testContext) {
    mercure.subscribe(null, subscribeUri("match", BOOK_1))
      .compose(stream -> mercure.published("topic", BOOK_2, "data", "not this one")
        .compose(other -> mercure.published("topic", BOOK_1, "data", "line 1\r\nline 2\rline 3\nline 4", "type",
          "book", "retry", "5000"))
        .compose(id -> stream.awaitEvents(1).map(events -> {
          testContext.verify(() -> {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            assertThat(stream.headers().get("Link")).isEqualTo("<" + MercureHub.PUBLIC_URL + ">; rel=\"mercure\"");
            assertThat(stream.headers().get("Mercure-Last-Event-ID")).as("no cursor, no header").isNull();
            assertThat(id).startsWith("#");
            assertThat(events).containsExactly(new SseEvent(id, "book", "line 1\nline 2\nline 3\nline 4"));
            assertThat(stream.lines()).contains("retry: 5000", "data: line 1", "data: line 4");
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A URL Pattern matcher gets the topics it matches and no other; * gets every topic")
  void urlPatternAndWildcard(VertxTestContext testContext) {
    Future<SseRecorder> pattern = mercure.subscribe(null,
      subscribeUri("match_urlpattern", "https://example.com/books/:id"));
    Future<SseRecorder> relative = mercure.subscribe(null, subscribeUri("match_urlpattern", "/books/:id"));
    Future<SseRecorder> every = mercure.subscribe(null, subscribeUri("match", "*"));
    Future.all(pattern, relative, every)
      .compose(open -> mercure.published("topic", AUTHOR_1, "data", "author"))
      .compose(v -> mercure.published("topic", "https://hub.example.com/books/9", "data", "relative book"))
      .compose(v -> mercure.published("topic", BOOK_2, "data", "book"))
      .compose(v -> Future.all(pattern.result().awaitEvents(1), relative.result().awaitEvents(1),
        every.result().awaitEvents(3)))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        assertThat(data(pattern.result())).containsExactly("book");
        assertThat(data(relative.result())).as("a relative pattern resolves against the hub's URL")
          .containsExactly("relative book");
        assertThat(data(every.result())).containsExactly("author", "relative book", "book");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Several matchers and alternate topics that all match: the update arrives once")
  void onceEvenWhenSeveralMatch(VertxTestContext testContext) {
    String uri = subscribeUri("match", BOOK_1, "match_exact", BOOK_2, "match_urlpattern",
      "https://example.com/books/:id", "match", "*");
    mercure.subscribe(null, uri)
      .compose(stream -> mercure.published("topic", BOOK_1, "topic", BOOK_2, "data", "both books")
        .compose(v -> mercure.published("topic", AUTHOR_1, "data", "marker"))
        .compose(v -> stream.awaitEvents(2))
        .map(events -> {
          testContext.verify(() -> assertThat(data(stream)).containsExactly("both books", "marker"));
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("An alternate topic is matched as the canonical one is")
  void alternateTopic(VertxTestContext testContext) {
    mercure.subscribe(null, subscribeUri("match", BOOK_2))
      .compose(stream -> mercure.published("topic", BOOK_1, "topic", BOOK_2, "data", "via the alternate")
        .compose(v -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> assertThat(data(stream)).containsExactly("via the alternate"));
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("The reserved match namespace, control and format characters, no matcher, a bad pattern: 400")
  void refusedQueries(VertxTestContext testContext) {
    List<String> uris = List.of(
      subscribeUri("matchURLPattern", "https://example.com/:id"),
      subscribeUri("MATCH", BOOK_1),
      subscribeUri("match_regex", ".*"),
      subscribeUri("match", "https://example.com/\u0007"),
      subscribeUri("match", "https://example.com/\u0085"),
      subscribeUri("match", "https://example.com/\u202E"),
      subscribeUri("match_urlpattern", "https://example.com/(\\d+)"),
      subscribeUri("other", "x"),
      MercureHub.PATH);
    Future<List<Integer>> statuses = Future.succeededFuture(List.of());
    for (String uri : uris) {
      statuses = statuses.compose(done -> hub.get(uri).send().map(response -> {
        testContext.verify(() -> {
          assertThat(response.statusCode()).as(uri).isEqualTo(400);
          assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
          assertThat(response.bodyAsString()).as(uri).isNotBlank();
        });
        return done;
      }));
    }
    statuses.onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A quiet stream gets keep-alive comments, as the hub's other streams do")
  void keepAlive(VertxTestContext testContext) {
    mercure.subscribe(null, subscribeUri("match", BOOK_1))
      .compose(stream -> stream.awaitComments(1).map(v -> {
        testContext.verify(() -> assertThat(stream.comments()).first().isEqualTo("keep-alive"));
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A stream opened with a token ends at the token's exp")
  void endsAtExp(VertxTestContext testContext) {
    String token = mercure.signer().token(3, MercureSigner.subscribe("*"));
    mercure.subscribe(token, subscribeUri("match", BOOK_1))
      .compose(stream -> {
        long opened = System.currentTimeMillis();
        return stream.awaitEnd().map(v -> {
          testContext.verify(() -> {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.events()).extracting(SseEvent::event).containsExactly("token-expired");
            assertThat(System.currentTimeMillis()).as("not before the token's second ends")
              .isGreaterThanOrEqualTo(opened + 1000);
          });
          return null;
        });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  private static List<String> data(SseRecorder stream) {
    return stream.events().stream().map(SseEvent::data).toList();
  }
}
