package io.ssehub.gateway;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.clock.ClockModule;
import io.ssehub.config.HubConfig;
import io.ssehub.node.FanoutVerticle;
import io.ssehub.node.NodeContext;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
@DisplayName("SseGatewayVerticle deployed with a small node context: the fanout's own verticle and one module's front")
class GatewayVerticleTest {

  private final int port = TestHub.freePort();
  private WebClient web;
  private SseClient sse;

  private NodeContext node;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    web = WebClient.create(vertx);
    sse = new SseClient(vertx);
    HubConfig config = HubConfig.from(new JsonObject()
      .put("deploy", new JsonArray().add("gateway").add("timestamps"))
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1")));
    node = NodeContext.create(vertx, config, null, List.of(new ClockModule()));
    vertx.deployVerticle(new FanoutVerticle(node))
      .compose(id -> vertx.deployVerticle(new SseGatewayVerticle(config.gateway(), node)))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void closeClients() {
    web.close();
    sse.close();
    node.metrics().close();
  }

  @Test
  @DisplayName("The module's route streams what is published on its topic's address; another demo's route is 404")
  void mountsWhatTheContextBrings(Vertx vertx, VertxTestContext testContext) {
    HubEvent tick = new HubEvent(EventId.parse("1-0"), "clock", "ping", "1589200000.5");
    sse.open(port, "/remote")
      .compose(stream -> NodeStats.awaitTopicConsumers(vertx, 1)
        .onSuccess(v -> vertx.eventBus().publish(Addresses.topic("clock"), tick.toJson()))
        .compose(v -> stream.awaitEvents(1)))
      .compose(events -> web.get(port, "127.0.0.1", "/listen").send().map(listen -> {
        testContext.verify(() -> {
          assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.event()).isEqualTo("ping");
            assertThat(event.data()).isEqualTo("1589200000.5");
          });
          assertThat(listen.statusCode()).isEqualTo(404);
        });
        return listen;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }
}
