package io.ssehub.report;

import io.ssehub.bus.Addresses;
import io.ssehub.config.HubConfig;
import io.ssehub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("ReportStateMachineVerticle deployed alone: its bus API without a gateway or a history")
class ReportStateMachineVerticleTest {

  private static final String USER = "046fe7f4-c0e6-4d51-81ab-572deddc8142";

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    HubConfig config = HubConfig.from(new JsonObject()
      .put("reports", new JsonObject().put("storeFile", TestHub.freshStoreFile().toString())));
    vertx.deployVerticle(new ReportStateMachineVerticle(config.reports()))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A created report is pending, belongs to its user, and is the one report that user's list shows")
  void createThenList(Vertx vertx, VertxTestContext testContext) {
    JsonObject user = new JsonObject().put("userId", USER);
    vertx.eventBus().<JsonObject>request(Addresses.REPORTS_CREATE, user)
      .compose(created -> vertx.eventBus().<JsonObject>request(Addresses.REPORTS_LIST, user)
        .map(list -> list.body().getJsonArray("reports").getJsonObject(0).equals(created.body()) ? created : null))
      .onComplete(testContext.succeeding(created -> testContext.verify(() -> {
        assertThat(created).as("the listed report is the created one").isNotNull();
        assertThat(created.body().getString("userId")).isEqualTo(USER);
        assertThat(created.body().getString("reportStatus")).isEqualTo("pending");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A change asked for by someone who is not a UUID user is refused with 400 and a sentence")
  void changeNeedsItsRequester(Vertx vertx, VertxTestContext testContext) {
    vertx.eventBus().request(Addresses.REPORTS_UPDATE, new JsonObject().put("id", USER).put("status", "queued"))
      .onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
        assertThat(failure.getMessage()).contains("requestedBy");
        testContext.completeNow();
      })));
  }
}
