package io.ssehub.health;

import io.ssehub.HubVerticle;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /health and GET /ready")
class HealthTest {

  private final HubFixture hub = HubFixture.defaults();
  private final HubVerticle node = new HubVerticle();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.start(vertx)
      .deploy(node, new JsonObject())
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<HttpResponse<Buffer>> get(int toPort, String uri) {
    return hub.web().get(toPort, "127.0.0.1", uri).send();
  }

  private static JsonObject check(JsonObject body, String id) {
    JsonArray checks = body.getJsonArray("checks");
    return checks.stream()
      .map(JsonObject.class::cast)
      .filter(check -> id.equals(check.getString("id")))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no check " + id + " in " + body));
  }

  @Test
  @DisplayName("A node whose roles are up is alive and ready: 200 with status UP")
  void upNodeIsAliveAndReady(VertxTestContext testContext) {
    Future.all(get(hub.port(), "/health"), get(hub.port(), "/ready"))
      .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
        HttpResponse<Buffer> health = both.resultAt(0);
        HttpResponse<Buffer> ready = both.resultAt(1);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        assertThat(check(ready.bodyAsJsonObject(), "roles").getString("status")).isEqualTo("UP");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A failing readiness check gives 503 naming the check and its reason, while /health stays 200; "
    + "when it passes again /ready is 200")
  void failingCheckMakesNodeUnready(VertxTestContext testContext) {
    AtomicBoolean dependencyUp = new AtomicBoolean(false);
    node.health().register("dependency", check -> check.complete(dependencyUp.get()
      ? Status.OK()
      : HubHealth.down("the test dependency does not answer")));
    Future.all(get(hub.port(), "/ready"), get(hub.port(), "/health"), get(hub.port(), "/ready/dependency"))
      .compose(down -> {
        testContext.verify(() -> {
          HttpResponse<Buffer> ready = down.resultAt(0);
          assertThat(ready.statusCode()).isEqualTo(503);
          JsonObject body = ready.bodyAsJsonObject();
          assertThat(body.getString("status")).isEqualTo("DOWN");
          assertThat(check(body, "roles").getString("status")).isEqualTo("UP");
          JsonObject failed = check(body, "dependency");
          assertThat(failed.getString("status")).isEqualTo("DOWN");
          assertThat(failed.getJsonObject("data").getString("reason")).isEqualTo("the test dependency does not answer");
          assertThat(down.<HttpResponse<Buffer>>resultAt(1).statusCode()).isEqualTo(200);
          assertThat(down.<HttpResponse<Buffer>>resultAt(2).statusCode()).isEqualTo(503);
        });
        dependencyUp.set(true);
        return get(hub.port(), "/ready");
      })
      .onComplete(testContext.succeeding(ready -> testContext.verify(() -> {
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(check(ready.bodyAsJsonObject(), "dependency").getString("status")).isEqualTo("UP");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A node whose roles are still being deployed answers /ready with 503 and says so")
  void notReadyBeforeRolesAreUp(Vertx vertx, VertxTestContext testContext) {
    int otherPort = TestHub.freePort();
    Router router = Router.router(vertx);
    new HealthRoutes(new HubHealth(vertx)).mount(router);
    vertx.createHttpServer()
      .requestHandler(router)
      .listen(otherPort, "127.0.0.1")
      .compose(server -> get(otherPort, "/ready"))
      .onComplete(testContext.succeeding(ready -> testContext.verify(() -> {
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonObject roles = check(ready.bodyAsJsonObject(), "roles");
        assertThat(roles.getString("status")).isEqualTo("DOWN");
        assertThat(roles.getJsonObject("data").getString("reason")).contains("still being deployed");
        testContext.completeNow();
      })));
  }
}
