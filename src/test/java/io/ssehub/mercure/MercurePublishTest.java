package io.ssehub.mercure;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.MercureHub;
import io.ssehub.testing.MercureSigner;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.ssehub.testing.MercureHub.form;
import static io.ssehub.testing.MercureHub.subscribeUri;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Mercure publishing: POST /.well-known/mercure, its ids, and the 400, 401, 403 and 415 answers")
class MercurePublishTest {

  private static final String BOOK_1 = "https://example.com/books/1";
  private static final String MARKER = "https://example.com/marker";

  private final HubFixture hub = HubFixture.with(MercureHub.overrides(true));
  private final MercureHub mercure = new MercureHub(hub);

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("A publish answers 200 text/plain with the update's id, which is the SSE id the subscriber sees")
  void answersWithTheId(VertxTestContext testContext) {
    hub.deploy()
      .compose(v -> mercure.subscribe(null, subscribeUri("match", "*")))
      .compose(stream -> mercure.publish(mercure.publisherToken(), form("topic", BOOK_1, "data", "hello"))
        .compose(answer -> stream.awaitEvents(1).map(events -> {
          testContext.verify(() -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.getHeader("Content-Type")).startsWith("text/plain");
            assertThat(answer.getHeader("Link")).isEqualTo("<" + MercureHub.PUBLIC_URL + ">; rel=\"mercure\"");
            assertThat(events).containsExactly(new SseEvent(answer.bodyAsString(), null, "hello"));
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A publisher's id is the SSE id and the body; the same id again dispatches nothing and answers that id")
  void publisherId(VertxTestContext testContext) {
    String id = "urn:uuid:e1ee88e2-532a-4d6f-ba70-f0f8bd584022";
    hub.deploy()
      .compose(v -> mercure.subscribe(null, subscribeUri("match", "*")))
      .compose(stream -> mercure.published("topic", BOOK_1, "data", "first", "id", id)
        .compose(first -> mercure.published("topic", BOOK_1, "data", "again", "id", id)
          .compose(second -> mercure.published("topic", MARKER, "data", "marker")
            .compose(marker -> stream.awaitEvents(2))
            .map(events -> {
              testContext.verify(() -> {
                assertThat(first).isEqualTo(id);
                assertThat(second).isEqualTo(id);
                assertThat(events.get(0)).isEqualTo(new SseEvent(id, null, "first"));
                assertThat(stream.events()).extracting(SseEvent::data).containsExactly("first", "marker");
              });
              return null;
            }))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Invalid ids, reserved-namespace topics, *, no topic, a bad retry or type: 400, and nothing dispatched")
  void refusedForms(VertxTestContext testContext) {
    List<MultiMap> forms = List.of(
      form("topic", BOOK_1, "id", "#fragment"),
      form("topic", BOOK_1, "id", "earliest"),
      form("topic", BOOK_1, "id", "a\nb"),
      form("topic", BOOK_1, "id", ""),
      form("topic", "/.well-known/mercure/subscriptions/x"),
      form("topic", "https://hub.example.com/.well-known/mercure"),
      form("topic", "/a/../.well-known/mercure"),
      form("topic", "*"),
      form("topic", BOOK_1, "topic", "*"),
      form("data", "no topic"),
      form("topic", BOOK_1, "retry", "soon"),
      form("topic", BOOK_1, "type", "a\rb"),
      form("topic", "https://example.com/\u0000"));
    hub.deploy()
      .compose(v -> mercure.subscribe(null, subscribeUri("match", "*")))
      .compose(stream -> {
        Future<Void> chain = Future.succeededFuture();
        for (MultiMap refused : forms) {
          chain = chain.compose(v -> mercure.publish(mercure.publisherToken(), refused).map(answer -> {
            testContext.verify(() -> {
              assertThat(answer.statusCode()).as(refused.toString()).isEqualTo(400);
              assertThat(answer.bodyAsString()).as(refused.toString()).isNotBlank();
            });
            return null;
          }));
        }
        return chain.compose(v -> mercure.published("topic", MARKER, "data", "marker"))
          .compose(v -> stream.awaitEvents(1))
          .map(events -> {
            testContext.verify(() -> assertThat(stream.events()).extracting(SseEvent::data).containsExactly("marker"));
            return null;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("No token: 401 Bearer; a bad token: 401 invalid_token; no right on every topic: 403 insufficient_scope")
  void authorizationAnswers(VertxTestContext testContext) {
    String onlyBook1 = mercure.signer().token(60, MercureSigner.publish(BOOK_1));
    String expired = mercure.signer().token(-10, MercureSigner.publish("*"));
    String otherAudience = new MercureSigner(MercureHub.KEY, "https://other.example.com/.well-known/mercure")
      .token(60, MercureSigner.publish("*"));
    String subscribeOnly = mercure.signer().token(60, MercureSigner.subscribe("*"));
    hub.deploy()
      .compose(v -> mercure.subscribe(null, subscribeUri("match", "*")))
      .compose(stream -> refused(null, form("topic", BOOK_1), 401, "Bearer")
        .compose(v -> refused("not.a.token", form("topic", BOOK_1), 401, "Bearer error=\"invalid_token\""))
        .compose(v -> refused(expired, form("topic", BOOK_1), 401, "Bearer error=\"invalid_token\""))
        .compose(v -> refused(otherAudience, form("topic", BOOK_1), 401, "Bearer error=\"invalid_token\""))
        .compose(v -> refused(onlyBook1, form("topic", BOOK_1, "topic", MARKER), 403,
          "Bearer error=\"insufficient_scope\""))
        .compose(v -> refused(subscribeOnly, form("topic", BOOK_1), 403, "Bearer error=\"insufficient_scope\""))
        .compose(v -> mercure.publish(onlyBook1, form("topic", BOOK_1, "data", "allowed")))
        .compose(allowed -> stream.awaitEvents(1).map(events -> {
          testContext.verify(() -> {
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(stream.events()).extracting(SseEvent::data).containsExactly("allowed");
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A body that is not form-encoded: 415 with a sentence; a field that is not UTF-8: 400")
  void notAForm(VertxTestContext testContext) {
    hub.deploy()
      .compose(v -> hub.post(MercureHub.PATH)
        .putHeader("Authorization", "Bearer " + mercure.publisherToken())
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("topic", BOOK_1).encode())))
      .compose(json -> hub.post(MercureHub.PATH)
        .putHeader("Authorization", "Bearer " + mercure.publisherToken())
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .sendBuffer(Buffer.buffer("topic=" + BOOK_1 + "&data=%FF%FE"))
        .map(latin -> {
          testContext.verify(() -> {
            assertThat(json.statusCode()).isEqualTo(415);
            assertThat(json.bodyAsString()).contains("application/x-www-form-urlencoded");
            assertThat(latin.statusCode()).isEqualTo(400);
            assertThat(latin.bodyAsString()).contains("UTF-8");
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A token in the cookie publishes only from an allowed origin; the Authorization header wins over it")
  void cookieToken(VertxTestContext testContext) {
    String cookie = "__Secure-mercure_access_token=" + mercure.publisherToken();
    hub.deploy()
      .compose(v -> hub.post(MercureHub.PATH).putHeader("Cookie", cookie)
        .putHeader("Origin", "https://evil.example.org").sendForm(form("topic", BOOK_1)))
      .compose(foreign -> hub.post(MercureHub.PATH).putHeader("Cookie", cookie)
        .putHeader("Origin", "https://hub.example.com").sendForm(form("topic", BOOK_1))
        .compose(own -> hub.post(MercureHub.PATH).putHeader("Cookie", cookie)
          .putHeader("Authorization", "Bearer not.a.token").sendForm(form("topic", BOOK_1))
          .map(headerWins -> {
            testContext.verify(() -> {
              assertThat(foreign.statusCode()).isEqualTo(403);
              assertThat(own.statusCode()).isEqualTo(200);
              assertThat(headerWins.statusCode()).isEqualTo(401);
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("With mercure.anonymous false a subscriber without a token gets 401 Bearer; a bad token 401 invalid_token")
  void anonymousOff(VertxTestContext testContext) {
    String uri = subscribeUri("match", "*");
    hub.deploy(MercureHub.overrides(false))
      .compose(v -> hub.get(uri).send())
      .compose(anonymous -> hub.get(uri).putHeader("Authorization", "Bearer x.y.z").send()
        .compose(bad -> mercure.subscribe(mercure.signer().token(60, MercureSigner.subscribe(BOOK_1)), uri)
          .map(allowed -> {
            testContext.verify(() -> {
              assertThat(anonymous.statusCode()).isEqualTo(401);
              assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
              assertThat(bad.statusCode()).isEqualTo(401);
              assertThat(bad.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
              assertThat(allowed.status()).isEqualTo(200);
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A node without the mercure role, or with mercure.enabled false, answers 404 on /.well-known/mercure")
  void offByDefault(VertxTestContext testContext) {
    JsonObject disabled = MercureHub.overrides(true);
    disabled.getJsonObject("mercure").put("enabled", false);
    hub.deploy(disabled)
      .compose(v -> hub.get(subscribeUri("match", "*")).send())
      .compose(get -> mercure.publish(mercure.publisherToken(), form("topic", BOOK_1)).map(post -> {
        testContext.verify(() -> {
          assertThat(get.statusCode()).isEqualTo(404);
          assertThat(post.statusCode()).isEqualTo(404);
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  private Future<Void> refused(String token, MultiMap form, int status, String challenge) {
    return mercure.publish(token, form).map(answer -> {
      assertThat(answer.statusCode()).as("status for %s", form).isEqualTo(status);
      assertThat(answer.getHeader("WWW-Authenticate")).as("challenge for %s", form).isEqualTo(challenge);
      assertThat(answer.bodyAsString()).isNotBlank();
      return null;
    });
  }

  @Test
  @DisplayName("CORS: an allowed origin gets itself and credentials back, another a 403 and no CORS header")
  void cors(VertxTestContext testContext) {
    JsonObject overrides = MercureHub.overrides(true).put("cors", new JsonObject()
      .put("allowedOrigins", new JsonArray().add("https://app.example.com"))
      .put("allowCredentials", true));
    String uri = subscribeUri("match", BOOK_1);
    hub.deploy(overrides)
      .compose(v -> mercure.subscribe(null, uri, MultiMap.caseInsensitiveMultiMap().add("Origin",
        "https://app.example.com")))
      .compose(allowed -> hub.get(uri).putHeader("Origin", "https://evil.example.org").send().map(foreign -> {
        testContext.verify(() -> {
          assertThat(allowed.status()).isEqualTo(200);
          assertThat(allowed.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
          assertThat(allowed.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
          assertThat(allowed.headers().get("Access-Control-Expose-Headers")).contains("Mercure-Last-Event-ID");
          assertThat(foreign.statusCode()).isEqualTo(403);
          assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }
}
