package io.ssehub.switchboard;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The switchboard's warm-up: its own calls through the pipeline, all answered before the node is up. */
@ExtendWith(VertxExtension.class)
@DisplayName("The switchboard warms its path up before the node is up")
class WarmUpTest {

  private static final int WARM_UP_CALLS = 120;

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("When the node is up, every warm-up call has been answered and the switchboard holds nothing")
  void warmedUpBeforeReady(Vertx vertx, VertxTestContext testContext) {
    JsonObject switchboard = new JsonObject().put("warmUpCalls", WARM_UP_CALLS);
    hub.deploy(Switchboards.hub(switchboard))
      .compose(id -> Switchboards.stats(vertx))
      .compose(stats -> {
        testContext.verify(() -> {
          assertThat(stats.getLong("calls")).isEqualTo(WARM_UP_CALLS);
          assertThat(stats.getLong("answered") + stats.getLong("noReply")).isEqualTo(WARM_UP_CALLS);
        });
        return Switchboards.awaitIdle(vertx);
      })
      .compose(idle -> hub.get("/ssec?m=meow%20meow").send())
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.bodyAsString()).isIn(Switchboards.MEOW, "no_reply");
        testContext.completeNow();
      })));
  }
}
