package io.ssehub.mercure;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.MercureHub;
import io.ssehub.testing.MercureSigner;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.ssehub.testing.MercureHub.subscribeUri;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Mercure reconciliation: Last-Event-ID, last_event_id, earliest and Mercure-Last-Event-ID")
class MercureResumeTest {

  private static final String BOOK_1 = "https://example.com/books/1";
  private static final String BOOK_2 = "https://example.com/books/2";
  private static final String HEADER = "Mercure-Last-Event-ID";

  private final HubFixture hub = fixture();
  private final MercureHub mercure = new MercureHub(hub);
  private String first;
  private String second;
  private String otherBook;

  /** A node with the memory history; {@link MercureRedisResumeTest} runs the same cases on Redis. */
  HubFixture fixture() {
    return HubFixture.with(MercureHub.overrides(true));
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx)
      .compose(v -> mercure.published("topic", BOOK_1, "data", "one", "id", "urn:uuid:one"))
      .compose(id -> {
        first = id;
        return mercure.published("topic", BOOK_2, "data", "other book");
      })
      .compose(id -> {
        otherBook = id;
        return mercure.published("topic", BOOK_1, "data", "two");
      })
      .compose(id -> {
        second = id;
        return mercure.published("topic", BOOK_1, "data", "three", "id", "urn:uuid:three");
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("Last-Event-ID: what followed that update (a publisher's id or the hub's), then live ones")
  void resumeWithHeader(VertxTestContext testContext) {
    resume(lastEventId(first), subscribeUri("match", BOOK_1))
      .compose(stream -> stream.awaitEvents(2).compose(replayed -> mercure.published("topic", BOOK_1, "data", "four"))
        .compose(id -> stream.awaitEvents(3).map(events -> {
          testContext.verify(() -> {
            assertThat(stream.headers().get(HEADER)).isEqualTo(first);
            assertThat(events).containsExactly(new SseEvent(second, null, "two"),
              new SseEvent("urn:uuid:three", null, "three"), new SseEvent(id, null, "four"));
          });
          return null;
        })))
      .compose(v -> resume(lastEventId(second), subscribeUri("match", BOOK_1)))
      .compose(stream -> stream.awaitEvents(2).map(events -> {
        testContext.verify(() -> {
          assertThat(second).startsWith("#");
          assertThat(stream.headers().get(HEADER)).isEqualTo(second);
          assertThat(events).extracting(SseEvent::data).containsExactly("three", "four");
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("last_event_id in the query does the same, and the Last-Event-ID header wins over it")
  void queryParameter(VertxTestContext testContext) {
    resume(MultiMap.caseInsensitiveMultiMap(), subscribeUri("match", BOOK_1, "last_event_id", first))
      .compose(byQuery -> byQuery.awaitEvents(2).map(events -> {
        testContext.verify(() -> {
          assertThat(byQuery.headers().get(HEADER)).isEqualTo(first);
          assertThat(events).extracting(SseEvent::data).containsExactly("two", "three");
        });
        return null;
      }))
      .compose(v -> resume(lastEventId(second), subscribeUri("match", BOOK_1, "last_event_id", first)))
      .compose(both -> mercure.published("topic", BOOK_1, "data", "marker")
        .compose(marker -> both.awaitEvents(2))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(both.headers().get(HEADER)).isEqualTo(second);
            assertThat(events).extracting(SseEvent::data).containsExactly("three", "marker");
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("earliest: every update the history holds that the matchers match, with Mercure-Last-Event-ID earliest")
  void earliest(VertxTestContext testContext) {
    resume(lastEventId("earliest"), subscribeUri("match", BOOK_1))
      .compose(stream -> stream.awaitEvents(3).map(events -> {
        testContext.verify(() -> {
          assertThat(stream.headers().get(HEADER)).isEqualTo("earliest");
          assertThat(events).extracting(SseEvent::data).containsExactly("one", "two", "three");
          assertThat(events).extracting(SseEvent::event).containsOnlyNulls();
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("An id the history does not hold: a reset event without an id, everything held, and earliest")
  void unknownId(VertxTestContext testContext) {
    resume(lastEventId("urn:uuid:never-published"), subscribeUri("match", BOOK_1))
      .compose(stream -> stream.awaitEvents(4).map(events -> {
        testContext.verify(() -> {
          assertThat(stream.headers().get(HEADER)).isEqualTo("earliest");
          assertThat(events.get(0).event()).isEqualTo("reset");
          assertThat(events.get(0).id()).isNull();
          assertThat(events.get(0).data()).contains("urn:uuid:never-published");
          assertThat(events.subList(1, 4)).extracting(SseEvent::data).containsExactly("one", "two", "three");
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A hub id is a cursor across topics: of an update the stream does not match, or of a hub topic it "
    + "does not follow, the stream resumes after it")
  void hubIdOfAnotherTopic(VertxTestContext testContext) {
    resume(lastEventId(otherBook), subscribeUri("match", BOOK_1))
      .compose(stream -> stream.awaitEvents(2).map(events -> {
        testContext.verify(() -> {
          assertThat(otherBook).startsWith("#");
          assertThat(stream.headers().get(HEADER)).as("a public update, found").isEqualTo(otherBook);
          assertThat(events).extracting(SseEvent::data).containsExactly("two", "three");
        });
        return null;
      }))
      .compose(v -> hub.calls().publish("news", "a hub topic"))
      .compose(newsId -> mercure.published("topic", BOOK_1, "data", "four")
        .compose(four -> resume(lastEventId("#" + newsId), subscribeUri("match", BOOK_1)))
        .compose(stream -> stream.awaitEvents(1).map(events -> {
          testContext.verify(() -> {
            assertThat(stream.headers().get(HEADER)).as("not among the stream's events").isEqualTo("earliest");
            assertThat(events).extracting(SseEvent::data).containsExactly("four");
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Replay filters private updates as live delivery does, and never names one the token cannot see")
  void privateInReplay(VertxTestContext testContext) {
    String covered = mercure.signer().token(60, MercureSigner.subscribe(BOOK_1));
    String[] secret = new String[1];
    mercure.published("topic", BOOK_1, "data", "secret", "private", "on")
      .compose(id -> {
        secret[0] = id;
        return mercure.published("topic", BOOK_1, "data", "after the secret");
      })
      .compose(v -> resume(lastEventId("earliest"), subscribeUri("match", BOOK_1)))
      .compose(anonymous -> anonymous.awaitEvents(4).map(events -> {
        testContext.verify(() -> assertThat(events).extracting(SseEvent::data)
          .containsExactly("one", "two", "three", "after the secret"));
        return null;
      }))
      .compose(v -> mercure.subscribe(covered, subscribeUri("match", BOOK_1), lastEventId("urn:uuid:three")))
      .compose(allowed -> allowed.awaitEvents(2).map(events -> {
        testContext.verify(() -> assertThat(events).extracting(SseEvent::data)
          .containsExactly("secret", "after the secret"));
        return null;
      }))
      .compose(v -> resume(lastEventId(secret[0]), subscribeUri("match", BOOK_1)))
      .compose(anonymous -> anonymous.awaitEvents(1).map(events -> {
        testContext.verify(() -> {
          assertThat(anonymous.headers().get(HEADER))
            .as("a private id is not disclosed: the header names the last update before it that the stream may see")
            .isEqualTo("urn:uuid:three");
          assertThat(events).extracting(SseEvent::data).containsExactly("after the secret");
        });
        return null;
      }))
      .compose(v -> mercure.subscribe(covered, subscribeUri("match", BOOK_1), lastEventId(secret[0])))
      .map(allowed -> {
        testContext.verify(() -> assertThat(allowed.headers().get(HEADER)).isEqualTo(secret[0]));
        return null;
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("An update with a publisher id the history knows is not dispatched again, live or in replay")
  void duplicateId(VertxTestContext testContext) {
    mercure.subscribe(null, subscribeUri("match", BOOK_1))
      .compose(live -> mercure.published("topic", BOOK_1, "data", "one again", "id", "urn:uuid:one")
        .compose(again -> mercure.published("topic", BOOK_1, "data", "marker"))
        .compose(marker -> live.awaitEvents(1))
        .compose(events -> resume(lastEventId("earliest"), subscribeUri("match", BOOK_1)))
        .compose(replay -> replay.awaitEvents(4).map(events -> {
          testContext.verify(() -> {
            assertThat(live.events()).extracting(SseEvent::data).containsExactly("marker");
            assertThat(events).extracting(SseEvent::data).containsExactly("one", "two", "three", "marker");
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  private Future<SseRecorder> resume(MultiMap headers, String uri) {
    return mercure.subscribe(null, uri, headers);
  }

  private static MultiMap lastEventId(String id) {
    return MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", id);
  }
}
