package io.ssehub.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The route table of security/AuthRoutes")
class AuthRoutesTest {

  @Test
  @DisplayName("A route with no row in the table is named, so the gateway refuses to start with it")
  void uncoveredRouteIsNamed(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/topics/:topic").handler(ctx -> ctx.end());
    router.post("/topics/:topic").handler(ctx -> ctx.end());
    router.get("/ready/*").handler(ctx -> ctx.end());
    router.get("/admin/secret").handler(ctx -> ctx.end());
    router.put("/topics/:topic").handler(ctx -> ctx.end());
    assertThat(AuthRoutes.uncovered(router)).containsExactly("GET /admin/secret", "PUT /topics/:topic");
  }

  @Test
  @DisplayName("Publish patterns: exact names, prefix* and *; a token without the claim may publish nowhere")
  void publishPatterns() {
    JsonObject claims = new JsonObject().put("sub", "alice").put("publish", new JsonArray().add("news").add("v2.user.*"));
    assertThat(Access.publish("news").refusal(claims, "publish")).isNull();
    assertThat(Access.publish("v2.user.bob").refusal(claims, "publish")).isNull();
    assertThat(Access.publish("newsroom").refusal(claims, "publish")).contains("does not allow publishing to 'newsroom'");
    assertThat(Access.publish("x").refusal(new JsonObject().put("publish", "*"), "publish")).isNull();
    assertThat(Access.publish("x").refusal(new JsonObject(), "publish")).isNotNull();
  }

  @Test
  @DisplayName("Private topics belong to their user, whatever route reaches them; other topics are open")
  void privateTopics() {
    assertThat(PrivateTopics.owner("v2.user.alice")).isEqualTo("alice");
    assertThat(PrivateTopics.owner("v3.user.bob")).isEqualTo("bob");
    assertThat(PrivateTopics.owner("reports.046FE7F4-C0E6-4D51-81AB-572DEDDC8142"))
      .isEqualTo("046fe7f4-c0e6-4d51-81ab-572deddc8142");
    assertThat(PrivateTopics.owner("news")).isNull();
    JsonObject bob = new JsonObject().put("sub", "bob");
    assertThat(Access.subscribe(List.of("news", "v2.user.alice")).refusal(bob, "publish"))
      .isEqualTo("This belongs to user 'alice' but your token is for 'bob'; sign in as 'alice' to use it.");
    assertThat(Access.subscribe(List.of("news", "clock")).isOpen()).isTrue();
    JsonObject upperCaseUuid = new JsonObject().put("sub", "046FE7F4-C0E6-4D51-81AB-572DEDDC8142");
    assertThat(Access.subscribe(List.of("reports.046fe7f4-c0e6-4d51-81ab-572deddc8142")).refusal(upperCaseUuid, "publish"))
      .isNull();
    assertThat(Access.ownedBy("046fe7f4-c0e6-4d51-81ab-572deddc8142").refusal(upperCaseUuid, "publish")).isNull();
    assertThat(Access.ownedBy("Alice").refusal(new JsonObject().put("sub", "alice"), "publish")).isNotNull();
  }
}
