package io.ssehub.security;

import io.ssehub.config.HubConfig;
import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("With auth on, the management routes need a token with the manage claim; /health stays open and bare")
class ManagementRoutesTest {

  private static final List<String> MANAGEMENT = List.of("/metrics", "/monitor", "/monitor/stream", "/ready",
    "/ready/roles", "/switchboard/stats", "/processors/stats");

  /** What a client sees of one answer: the status, and the body unless it is an event stream. */
  private record Answer(int status, String contentType, String body) {
  }

  private final HubFixture hub = HubFixture.with(new JsonObject().put("auth", Tokens.authSection()));
  private Tokens tokens;
  private HttpClient http;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    tokens = new Tokens(vertx);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    http.close();
    hub.close();
  }

  @Test
  @DisplayName("Each management route answers 401 without a token, 403 with a user's token and 200 with an operator's")
  void managementRoutesNeedTheManageClaim(VertxTestContext testContext) throws Exception {
    Map<String, Answer> anonymous = new LinkedHashMap<>();
    Map<String, Answer> user = new LinkedHashMap<>();
    Map<String, Answer> operator = new LinkedHashMap<>();
    String userToken = tokens.user("alice", "*");
    String operatorToken = tokens.manager("ops");
    for (String uri : MANAGEMENT) {
      anonymous.put(uri, await(get(uri, null)));
      user.put(uri, await(get(uri, userToken)));
      operator.put(uri, await(get(uri, operatorToken)));
    }

    testContext.verify(() -> {
      assertThat(anonymous).allSatisfy((uri, answer) -> {
        assertThat(answer.status()).as("%s without a token", uri).isEqualTo(401);
        assertThat(answer.body()).as("%s without a token", uri).startsWith("This needs a token;");
      });
      assertThat(user).allSatisfy((uri, answer) -> {
        assertThat(answer.status()).as("%s with a user's token", uri).isEqualTo(403);
        assertThat(answer.body()).as("%s with a user's token", uri)
          .isEqualTo("This is a management route: it needs a token whose 'manage' claim is true "
            + "(an operator's token); yours has none.\n");
      });
      assertThat(operator).allSatisfy((uri, answer) ->
        assertThat(answer.status()).as("%s with an operator's token", uri).isEqualTo(200));
      assertThat(operator.get("/monitor/stream").contentType()).startsWith("text/event-stream");
      assertThat(new JsonObject(operator.get("/monitor").body()).getString("cpu_usage")).startsWith("cpu_usage:");
      assertThat(new JsonObject(operator.get("/ready").body()).getString("status")).isEqualTo("UP");
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("/health answers anyone with the bare status, no checks or details")
  void healthIsOpenAndBare(VertxTestContext testContext) throws Exception {
    Answer health = await(get("/health", null));

    testContext.verify(() -> {
      assertThat(health.status()).isEqualTo(200);
      assertThat(new JsonObject(health.body())).isEqualTo(new JsonObject().put("status", "UP"));
    });
    testContext.completeNow();
  }

  @Test
  @DisplayName("auth.manageClaim names the claim (default 'manage'); a name that is not a string stops start-up")
  void manageClaimIsConfigurable() {
    String auth = "{\"auth\": {\"secret\": \"" + Tokens.SECRET + "\"";
    assertThat(HubConfig.from(new JsonObject(auth + "}}")).auth().manageClaim()).isEqualTo("manage");
    assertThat(HubConfig.from(new JsonObject(auth + ", \"manageClaim\": \"ops\"}}")).auth().manageClaim())
      .isEqualTo("ops");
    assertThatThrownBy(() -> HubConfig.from(new JsonObject(auth + ", \"manageClaim\": 1}}")))
      .hasMessageStartingWith("key 'auth.manageClaim'");
  }

  private Future<Answer> get(String uri, String token) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setHost("127.0.0.1")
      .setPort(hub.port())
      .setURI(uri);
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    return http.request(options)
      .compose(request -> request.send().compose(response -> answerOf(response, () -> request.reset())));
  }

  private static Future<Answer> answerOf(HttpClientResponse response, Runnable hangUp) {
    String contentType = String.valueOf(response.getHeader("Content-Type"));
    if (contentType.startsWith("text/event-stream")) {
      hangUp.run();
      return Future.succeededFuture(new Answer(response.statusCode(), contentType, ""));
    }
    return response.body().map(body -> new Answer(response.statusCode(), contentType, body.toString()));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
