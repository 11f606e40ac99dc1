package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Publish rate per client: the burst, then 429 with Retry-After, refill, clients apart, counted, off by default")
class PublishRateTest {

  private static final JsonObject LIMITED = new JsonObject()
    .put("limits", new JsonObject().put("publishRate", 1).put("publishBurst", 3));
  private static final String SENTENCE = "You are publishing faster than this hub allows (limits.publishRate); wait 1 s "
    + "before the next publish, or spread your events out.\n";

  private final HubFixture hub = HubFixture.defaults();
  private WebClient fromOther;

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
    fromOther = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
  }

  @AfterEach
  void close() {
    fromOther.close();
    hub.close();
  }

  @Test
  @DisplayName("Three publishes at once pass, the fourth is 429 with Retry-After 1 and a sentence, and is counted")
  void burstThenRefused(VertxTestContext testContext) {
    hub.deploy(LIMITED)
      .compose(id -> statuses(() -> hub.post("/topics/news"), 5))
      .compose(answers -> metric().map(count -> {
        testContext.verify(() -> {
          assertThat(answers.stream().map(HttpResponse::statusCode).toList()).containsExactly(201, 201, 201, 429, 429);
          HttpResponse<Buffer> refused = answers.get(3);
          assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
          assertThat(refused.getHeader("Content-Type")).startsWith("text/plain");
          assertThat(refused.bodyAsString()).isEqualTo(SENTENCE);
          assertThat(count).as("ssehub_publish_limited_total").isEqualTo(2.0);
        });
        return count;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("After the Retry-After has passed, the client may publish again")
  void refill(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(LIMITED)
      .compose(id -> statuses(() -> hub.post("/topics/news"), 4))
      .compose(first -> {
        int retryAfter = Integer.parseInt(first.get(3).getHeader("Retry-After"));
        return vertx.timer(retryAfter * 1000L + 100).compose(v -> statuses(() -> hub.post("/topics/news"), 2))
          .map(second -> {
            testContext.verify(() -> {
              assertThat(first.get(3).statusCode()).isEqualTo(429);
              assertThat(second.stream().map(HttpResponse::statusCode).toList())
                .as("one token back after a second at 1 a second, not two").containsExactly(201, 429);
            });
            return second;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Two client addresses have their own buckets; POST /publish and the Mercure path are limited as well")
  void clientsApart(VertxTestContext testContext) {
    hub.deploy(LIMITED)
      .compose(id -> statuses(() -> hub.post("/topics/news"), 4))
      .compose(local -> statuses(() -> fromOther.post(hub.port(), "127.0.0.1", "/topics/news"), 4)
        .compose(other -> statuses(() -> hub.post("/publish"), 1)
          .compose(publish -> statuses(() -> hub.post("/.well-known/mercure"), 1)
            .map(mercure -> {
              testContext.verify(() -> {
                assertThat(local.stream().map(HttpResponse::statusCode).toList()).containsExactly(201, 201, 201, 429);
                assertThat(other.stream().map(HttpResponse::statusCode).toList()).containsExactly(201, 201, 201, 429);
                assertThat(publish.get(0).statusCode()).isEqualTo(429);
                assertThat(mercure.get(0).statusCode()).isEqualTo(429);
              });
              return mercure;
            }))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("With auth on, the bucket is the token's subject: two users from one address each get their burst")
  void bySubject(Vertx vertx, VertxTestContext testContext) {
    Tokens tokens = new Tokens(vertx);
    String alice = tokens.user("alice", "news");
    String bob = tokens.user("bob", "news");
    hub.deploy(LIMITED.copy().put("auth", Tokens.authSection()))
      .compose(id -> statuses(() -> hub.post("/topics/news").bearerTokenAuthentication(alice), 4))
      .compose(first -> statuses(() -> hub.post("/topics/news").bearerTokenAuthentication(bob), 4)
        .map(second -> {
          testContext.verify(() -> {
            assertThat(first.stream().map(HttpResponse::statusCode).toList()).containsExactly(201, 201, 201, 429);
            assertThat(second.stream().map(HttpResponse::statusCode).toList()).containsExactly(201, 201, 201, 429);
          });
          return second;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Off by default: 40 publishes at once all pass, and nothing is counted")
  void offByDefault(VertxTestContext testContext) {
    hub.deploy(new JsonObject())
      .compose(id -> statuses(() -> hub.post("/topics/news"), 40))
      .compose(answers -> metric().map(count -> {
        testContext.verify(() -> {
          assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(201));
          assertThat(count).isZero();
        });
        return count;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  /** {@code count} publishes one after the other, their answers in order. */
  private static Future<List<HttpResponse<Buffer>>> statuses(java.util.function.Supplier<HttpRequest<Buffer>> request,
                                                           int count) {
    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> request.get().sendBuffer(Buffer.buffer("hello")).map(answer -> {
        answers.add(answer);
        return null;
      }));
    }
    return chain.map(v -> answers);
  }

  /** The node's {@code ssehub_publish_limited_total} on /metrics; 0 when it has no such line. */
  private Future<Double> metric() {
    return hub.get("/metrics").send().map(answer -> {
      Matcher matcher = Pattern.compile("(?m)^ssehub_publish_limited_total\\{[^}]*} (\\S+)$")
        .matcher(answer.bodyAsString());
      return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    });
  }
}
