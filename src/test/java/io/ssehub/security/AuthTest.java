package io.ssehub.security;

import io.ssehub.switchboard.CallbackPipelineModule;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Authentication: JWT from header or cookie; 401 without a good token, 403 for the wrong one")
class AuthTest {

  private static final String ALICE_ID = "046fe7f4-c0e6-4d51-81ab-572deddc8142";
  private static final String BOB_ID = "9b2e1f0a-3c4d-4e5f-8a7b-6c5d4e3f2a1b";

  private final HubFixture hub = HubFixture.with(new JsonObject().put("auth", Tokens.authSection()));
  private Tokens tokens;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    tokens = new Tokens(vertx);
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String uri, String bearer, String body) {
    HttpRequest<Buffer> request = hub.request(method, uri);
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    return body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
  }

  @Test
  @DisplayName("Publishing without a token is 401 with WWW-Authenticate and a sentence saying where to send one")
  void publishWithoutToken(VertxTestContext testContext) {
    call(HttpMethod.POST, "/topics/news", null, "hello").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
      assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
      assertThat(response.bodyAsString())
        .isEqualTo("This needs a token; send it as 'Authorization: Bearer <token>' or in the cookie 'ssehub_token'.\n");
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("An expired or forged token is 401 with the reason; the publish claim decides the topics (403 otherwise)")
  void publishClaim(Vertx vertx, VertxTestContext testContext) {
    String newsDesk = tokens.publisher("news", "sports.*");
    Future.all(List.of(
        call(HttpMethod.POST, "/topics/news", tokens.expired("alice"), "x"),
        call(HttpMethod.POST, "/topics/news", Tokens.forged(vertx, "alice"), "x"),
        call(HttpMethod.POST, "/topics/news", newsDesk, "x"),
        call(HttpMethod.POST, "/topics/sports.tennis", newsDesk, "x"),
        call(HttpMethod.POST, "/topics/weather", newsDesk, "x")))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        List<HttpResponse<Buffer>> answers = all.list();
        assertThat(answers.get(0).statusCode()).isEqualTo(401);
        assertThat(answers.get(0).bodyAsString()).isEqualTo("Your token has expired; get a new one and connect again.\n");
        assertThat(answers.get(1).statusCode()).isEqualTo(401);
        assertThat(answers.get(1).bodyAsString()).startsWith("Your token was not accepted (");
        assertThat(answers.get(2).statusCode()).isEqualTo(201);
        assertThat(answers.get(3).statusCode()).isEqualTo(201);
        assertThat(answers.get(4).statusCode()).isEqualTo(403);
        assertThat(answers.get(4).bodyAsString()).isEqualTo("Your token does not allow publishing to 'weather'; ask for a "
          + "token whose 'publish' claim lists that topic (or a pattern such as 'weather*').\n");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A per-user stream needs that user's token: none 401, bob 403, alice's cookie opens it and gets her messages")
  void privateUserStream(Vertx vertx, VertxTestContext testContext) {
    MultiMap bobHeader = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + tokens.user("bob"));
    MultiMap aliceCookie = MultiMap.caseInsensitiveMultiMap().add("Cookie", "ssehub_token=" + tokens.user("alice"));
    Future.all(hub.open("/v2/sse?username=alice"), hub.open("/v2/sse?username=alice", bobHeader),
        hub.open("/topics/v2.user.alice", bobHeader))
      .compose(refused -> {
        testContext.verify(() -> {
          SseRecorder none = refused.resultAt(0);
          SseRecorder bob = refused.resultAt(1);
          SseRecorder generic = refused.resultAt(2);
          assertThat(none.status()).isEqualTo(401);
          assertThat(none.headers().get("Content-Type")).doesNotContain("text/event-stream");
          assertThat(bob.status()).isEqualTo(403);
          assertThat(bob.headers().get("Content-Type")).doesNotContain("text/event-stream");
          assertThat(generic.status()).isEqualTo(403);
        });
        return hub.open("/v2/sse?username=alice", aliceCookie);
      })
      .compose(alice -> NodeStats.awaitTopicConsumers(vertx, 1)
        .compose(v -> call(HttpMethod.POST, "/v2/message?username=alice", null, "no token"))
        .compose(refused -> {
          testContext.verify(() -> assertThat(refused.statusCode()).isEqualTo(401));
          return call(HttpMethod.POST, "/v2/message?username=alice", tokens.publisher("v2.user.*"), "hi alice");
        })
        .compose(posted -> {
          testContext.verify(() -> assertThat(posted.statusCode()).isEqualTo(204));
          return alice.awaitEvents(1);
        })
        .map(events -> {
          testContext.verify(() -> {
            assertThat(alice.status()).isEqualTo(200);
            assertThat(events).extracting(SseEvent::data).containsExactly("hi alice");
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A token in ?access_token= is ignored unless auth.queryToken allows it")
  void queryTokenOffByDefault(VertxTestContext testContext) {
    call(HttpMethod.GET, "/v3/sse?username=alice&access_token=" + tokens.user("alice"), null, null)
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(401);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Reports (/v4/*) belong to the user_id: its owner's token lists them, another user gets 403")
  void reportsBelongToTheirUser(VertxTestContext testContext) {
    String uri = "/v4/reports?user_id=" + ALICE_ID.toUpperCase();
    Future.all(call(HttpMethod.GET, uri, tokens.user(ALICE_ID), null), call(HttpMethod.GET, uri, tokens.user(BOB_ID), null),
        call(HttpMethod.POST, "/v4/new/report?user_id=" + ALICE_ID, null, null),
        call(HttpMethod.PUT, "/v4/report?user_id=" + ALICE_ID, tokens.user(BOB_ID), "{}"))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        assertThat(all.<HttpResponse<Buffer>>resultAt(0).statusCode()).isEqualTo(200);
        assertThat(all.<HttpResponse<Buffer>>resultAt(1).statusCode()).isEqualTo(403);
        assertThat(all.<HttpResponse<Buffer>>resultAt(2).statusCode()).isEqualTo(401);
        assertThat(all.<HttpResponse<Buffer>>resultAt(3).statusCode()).isEqualTo(403);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A token whose sub is the owner's UUID in upper case is served that owner's report stream and reports")
  void upperCaseUuidSubject(VertxTestContext testContext) {
    MultiMap alice = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + tokens.user(ALICE_ID.toUpperCase()));
    MultiMap bob = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + tokens.user(BOB_ID.toUpperCase()));
    String aliceUpper = tokens.user(ALICE_ID.toUpperCase());
    Future.all(List.of(
        hub.open("/v4/sse?user_id=" + ALICE_ID, alice),
        hub.open("/v4/sse?user_id=" + ALICE_ID.toUpperCase(), alice),
        hub.open("/topics/reports." + ALICE_ID, alice),
        call(HttpMethod.POST, "/v4/new/report?user_id=" + ALICE_ID, aliceUpper, null),
        call(HttpMethod.GET, "/v4/reports?user_id=" + ALICE_ID, aliceUpper, null),
        hub.open("/v4/sse?user_id=" + ALICE_ID, bob)))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        assertThat(all.<SseRecorder>resultAt(0).status()).isEqualTo(200);
        assertThat(all.<SseRecorder>resultAt(0).headers().get("Content-Type")).startsWith("text/event-stream");
        assertThat(all.<SseRecorder>resultAt(1).status()).isEqualTo(200);
        assertThat(all.<SseRecorder>resultAt(2).status()).isEqualTo(200);
        assertThat(all.<HttpResponse<Buffer>>resultAt(3).statusCode()).isEqualTo(201);
        assertThat(all.<HttpResponse<Buffer>>resultAt(4).statusCode()).isEqualTo(200);
        assertThat(all.<SseRecorder>resultAt(5).status()).isEqualTo(403);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Switchboard calls, sinks and flushes need the 'switchboard' publish claim; public streams stay open")
  void switchboardAndOpenRoutes(VertxTestContext testContext) {
    String caller = tokens.publisher(CallbackPipelineModule.SWITCHBOARD);
    Future.all(List.of(
        call(HttpMethod.GET, "/ssec?m=hello", null, null),
        call(HttpMethod.GET, "/ssec?m=hello", caller, null),
        call(HttpMethod.GET, "/sink_to?listener_id=x&m=y", null, null),
        call(HttpMethod.GET, "/flush", tokens.publisher("news"), null),
        call(HttpMethod.GET, "/q?m=x", null, null),
        call(HttpMethod.GET, "/health", null, null),
        call(HttpMethod.GET, "/nicknames", null, null)))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        List<HttpResponse<Buffer>> answers = all.list();
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(401, 200, 401, 403, 401, 200, 200);
        assertThat(answers.get(1).bodyAsString()).matches("no_reply|.*HELLO.*");
        testContext.completeNow();
      })));
  }
}
