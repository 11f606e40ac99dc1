package io.ssehub.security;

import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
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
@DisplayName("auth.requireExp: a token without 'exp' is a 401 with a sentence; one that ends is accepted")
class RequireExpTest {

  private static final String NO_EXPIRY = "Your token has no expiry (no 'exp' claim) and this hub requires one, so "
    + "that what it opens ends with it; get a token that expires and connect again.\n";

  private final int port = TestHub.freePort();
  private Tokens tokens;
  private WebClient web;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    tokens = new Tokens(vertx);
    web = WebClient.create(vertx);
    JsonObject auth = Tokens.authSection().put("requireExp", true);
    TestHub.deploy(vertx, TestHub.config(port, new JsonObject().put("auth", auth)))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    web.close();
  }

  @Test
  @DisplayName("A stream, a publish and a management route refuse a token without exp; a publish with exp is served")
  void tokensWithoutExpAreRefused(VertxTestContext testContext) {
    String publisherForever = Tokens.handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"publish\":[\"news\"]}");
    String operatorForever = Tokens.handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"ops\",\"manage\":true}");
    Future.all(List.of(
        web.get(port, "127.0.0.1", "/v2/sse?username=alice").bearerTokenAuthentication(tokens.noExpiry("alice")).send(),
        web.post(port, "127.0.0.1", "/topics/news").bearerTokenAuthentication(publisherForever)
          .sendBuffer(Buffer.buffer("x")),
        web.get(port, "127.0.0.1", "/metrics").bearerTokenAuthentication(operatorForever).send(),
        web.post(port, "127.0.0.1", "/topics/news").bearerTokenAuthentication(tokens.publisher("news"))
          .sendBuffer(Buffer.buffer("x"))))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        for (int i = 0; i < 3; i++) {
          HttpResponse<Buffer> refused = all.resultAt(i);
          assertThat(refused.statusCode()).isEqualTo(401);
          assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");
          assertThat(refused.bodyAsString()).isEqualTo(NO_EXPIRY);
        }
        assertThat(all.<HttpResponse<Buffer>>resultAt(3).statusCode()).isEqualTo(201);
        testContext.completeNow();
      })));
  }
}
