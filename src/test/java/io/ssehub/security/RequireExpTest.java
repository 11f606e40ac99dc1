package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
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
@DisplayName("auth.requireExp: a token without 'exp' is a 401 with a sentence; one that ends is accepted")
class RequireExpTest {

  private static final String NO_EXPIRY = "Your token has no expiry (no 'exp' claim) and this hub requires one, so "
    + "that what it opens ends with it; get a token that expires and connect again.\n";

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("auth", Tokens.authSection().put("requireExp", true)));
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

  @Test
  @DisplayName("A stream, a publish and a management route refuse a token without exp; a publish with exp is served")
  void tokensWithoutExpAreRefused(VertxTestContext testContext) {
    String publisherForever = Tokens.handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"publish\":[\"news\"]}");
    String operatorForever = Tokens.handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"ops\",\"manage\":true}");
    Future.all(List.of(
        hub.get("/v2/sse?username=alice").bearerTokenAuthentication(tokens.noExpiry("alice")).send(),
        hub.post("/topics/news").bearerTokenAuthentication(publisherForever)
          .sendBuffer(Buffer.buffer("x")),
        hub.get("/metrics").bearerTokenAuthentication(operatorForever).send(),
        hub.post("/topics/news").bearerTokenAuthentication(tokens.publisher("news"))
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
