package io.ssehub.mercure;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.MercureHub;
import io.ssehub.testing.MercureSigner;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
@DisplayName("Mercure private updates, and how Mercure streams and the hub's /topics streams meet")
class MercurePrivateTest {

  private static final String BOOK_1 = "https://example.com/books/1";
  private static final String BOOK_2 = "https://example.com/books/2";
  private static final String MARKER = "https://example.com/marker";

  private final HubFixture hub = HubFixture.with(MercureHub.overrides(true));
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
  @DisplayName("A private update reaches a token that covers one of its topics, not an anonymous one or one that does not")
  void privateUpdates(VertxTestContext testContext) {
    String uri = subscribeUri("match", "*");
    Future<SseRecorder> anonymous = mercure.subscribe(null, uri);
    Future<SseRecorder> otherBook = mercure.subscribe(mercure.signer().token(60, MercureSigner.subscribe(BOOK_2)), uri);
    Future<SseRecorder> alternate = mercure.subscribe(mercure.signer().token(60, MercureSigner.subscribe(
      "pattern:https://example.com/shelves/:id")), uri);
    Future<SseRecorder> covered = mercure.subscribe(mercure.signer().token(60, MercureSigner.subscribe(
      "pattern:https://example.com/books/:id")), uri);
    Future.all(anonymous, otherBook, alternate, covered)
      .compose(open -> mercure.published("topic", BOOK_1, "data", "secret", "private", "on"))
      .compose(v -> mercure.published("topic", BOOK_1, "topic", "https://example.com/shelves/3", "data",
        "secret shelf", "private", ""))
      .compose(v -> mercure.published("topic", MARKER, "data", "marker"))
      .compose(v -> Future.all(anonymous.result().awaitEvents(1), otherBook.result().awaitEvents(1),
        alternate.result().awaitEvents(2), covered.result().awaitEvents(3)))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        assertThat(data(anonymous.result())).containsExactly("marker");
        assertThat(data(otherBook.result())).containsExactly("marker");
        assertThat(data(alternate.result())).as("an alternate topic covered by the token").containsExactly(
          "secret shelf", "marker");
        assertThat(data(covered.result())).containsExactly("secret", "secret shelf", "marker");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("The matchers choose, the token allows: a token for every topic still gets only what its matchers match")
  void matchersStillChoose(VertxTestContext testContext) {
    String all = mercure.signer().token(60, MercureSigner.subscribe("*"));
    mercure.subscribe(all, subscribeUri("match", BOOK_2))
      .compose(stream -> mercure.published("topic", BOOK_1, "data", "secret", "private", "on")
        .compose(v -> mercure.published("topic", BOOK_2, "data", "mine", "private", "on"))
        .compose(v -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> assertThat(data(stream)).containsExactly("mine"));
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A Mercure update, private or not, never reaches a /topics stream, even on a topic of the same name")
  void neverOnTopicStreams(VertxTestContext testContext) {
    hub.open("/topics/alerts")
      .compose(topics -> hub.open("/subscribe?topic=alerts&topic=news")
        .compose(several -> mercure.published("topic", "alerts", "data", "private alert", "private", "on")
          .compose(v -> mercure.published("topic", "alerts", "data", "public alert"))
          .compose(v -> hub.calls().publish("alerts", "hub alert"))
          .compose(v -> Future.all(topics.awaitEvents(1), several.awaitEvents(1)))
          .map(v -> {
            testContext.verify(() -> {
              assertThat(data(topics)).containsExactly("hub alert");
              assertThat(data(several)).containsExactly("hub alert");
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("The internal topic of Mercure updates cannot be opened, read or counted through the topic API")
  void internalTopicClosed(VertxTestContext testContext) {
    List<String> uris = List.of("/topics/_mercure", "/subscribe?topic=_mercure", "/topics/_mercure/events",
      "/topics/_mercure/info");
    mercure.published("topic", BOOK_1, "data", "secret", "private", "on")
      .compose(v -> {
        Future<Void> chain = Future.succeededFuture();
        for (String uri : uris) {
          chain = chain.compose(done -> hub.get(uri).send().map(response -> {
            testContext.verify(() -> {
              assertThat(response.statusCode()).as(uri).isEqualTo(400);
              assertThat(response.bodyAsString()).doesNotContain("secret");
            });
            return null;
          }));
        }
        return chain;
      })
      .compose(v -> hub.post("/topics/_mercure").sendBuffer(Buffer.buffer("forged")))
      .map(forged -> {
        testContext.verify(() -> assertThat(forged.statusCode()).isEqualTo(400));
        return null;
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("An exact matcher that is a hub topic name also gets what POST /topics/{topic} publishes, with the hub's id")
  void topicsReachMercure(VertxTestContext testContext) {
    mercure.subscribe(null, subscribeUri("match", "alerts"))
      .compose(stream -> hub.calls().publish("alerts", "from the topic API")
        .compose(id -> mercure.published("topic", "alerts", "data", "from Mercure")
          .compose(mercureId -> hub.calls().publish("v2.user.bob", "private to bob"))
          .compose(v -> stream.awaitEvents(2))
          .map(events -> {
            testContext.verify(() -> {
              assertThat(events.get(0)).isEqualTo(new SseEvent("#" + id, null, "from the topic API"));
              assertThat(data(stream)).containsExactly("from the topic API", "from Mercure");
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A user's private hub topic is not followed by a Mercure exact matcher")
  void privateHubTopicNotFollowed(VertxTestContext testContext) {
    mercure.subscribe(null, subscribeUri("match", "v2.user.bob", "match", "alerts"))
      .compose(stream -> hub.calls().publish("v2.user.bob", "private to bob")
        .compose(v -> hub.calls().publish("alerts", "marker"))
        .compose(v -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> assertThat(data(stream)).containsExactly("marker"));
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  private static List<String> data(SseRecorder stream) {
    return stream.events().stream().map(SseEvent::data).toList();
  }
}
