package io.ssehub.switchboard;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Processors scale out: the instances of a stage share its messages")
class ScaleOutTest {

  private static final int REQUESTS = 300;

  private final HubFixture hub = HubFixture.with(Switchboards.hub(Switchboards.pipeline(
      Switchboards.stage("upper", "upper").put("instances", 3),
      Switchboards.stage("reverse", "reverse").put("instances", 2))
    .put("windowMillis", 10_000)));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("300 requests through 3 upper and 2 reverse instances: every instance takes a share, none is lost")
  void instancesShareTheLoad(VertxTestContext testContext) {
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      answers.add(hub.get("/ssec?m=meow%20meow").send());
    }
    Future.all(answers)
      .compose(all -> hub.get("/processors/stats").send())
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        JsonObject stages = response.bodyAsJsonObject().getJsonObject("stages");
        assertShared(stages.getJsonArray("upper"), 3);
        assertShared(stages.getJsonArray("reverse"), 2);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.result().bodyAsString()).isEqualTo(Switchboards.MEOW));
        testContext.completeNow();
      })));
  }

  private static void assertShared(JsonArray instances, int count) {
    assertThat(instances).hasSize(count);
    long total = 0;
    for (int i = 0; i < count; i++) {
      long processed = instances.getJsonObject(i).getLong("processed");
      assertThat(processed).as("messages of instance %d of %d", i + 1, count).isPositive();
      total += processed;
    }
    assertThat(total).isEqualTo(REQUESTS);
  }
}
