package io.ssehub;

import io.ssehub.config.ConfigSource;
import io.ssehub.config.Role;
import io.ssehub.node.HubModule;
import io.ssehub.security.AccessRule;
import io.ssehub.testing.HubCalls;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A node from conf/hub.json runs the core alone: no demo route, every core route")
class DemoFreeNodeTest {

  private static final String UUID_EXAMPLE = "046fe7f4-c0e6-4d51-81ab-572deddc8142";

  private final int port = TestHub.freePort();
  private WebClient web;
  private HttpClient http;
  private SseClient sse;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) throws IOException {
    web = WebClient.create(vertx);
    http = vertx.createHttpClient();
    sse = new SseClient(vertx);
    JsonObject hub = new JsonObject(Files.readString(Path.of("conf/hub.json")));
    hub.getJsonObject("gateway").put("port", port).put("host", "127.0.0.1");
    TestHub.deploy(vertx, hub)
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void closeClients() {
    web.close();
    http.close();
    sse.close();
  }

  @Test
  @DisplayName("conf/hub.json deploys the history and the gateway and nothing else")
  void coreRolesOnly() {
    assertThat(ConfigSource.check("conf/hub.json").deploy()).containsExactlyInAnyOrder(Role.HISTORY, Role.GATEWAY);
  }

  @Test
  @DisplayName("Every route of every module answers 404, whatever its method")
  void everyDemoRouteIs404(VertxTestContext testContext) {
    List<AccessRule> routes = Modules.all().stream()
      .map(HubModule::rules)
      .flatMap(List::stream)
      .toList();
    assertThat(routes).extracting(AccessRule::path)
      .contains("/sse", "/listen", "/remote", "/v1/sse", "/v2/message", "/v4/report", "/ssec", "/flush", "/monitor");
    Future.all(routes.stream().map(this::status).toList())
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        Map<String, Integer> statuses = routes.stream()
          .collect(Collectors.toMap(rule -> rule.method() + " " + rule.path(), rule -> all.<Integer>resultAt(
            routes.indexOf(rule))));
        assertThat(statuses).allSatisfy((route, status) -> assertThat(status).as(route).isEqualTo(404));
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("The core still serves: liveness, readiness, metrics, and a publish that reaches a topic stream")
  void coreRoutesWork(Vertx vertx, VertxTestContext testContext) {
    HubCalls calls = new HubCalls(vertx, web, port);
    Future<Integer> health = web.get(port, "127.0.0.1", "/health").send().map(response -> response.statusCode());
    Future<Integer> ready = web.get(port, "127.0.0.1", "/ready").send().map(response -> response.statusCode());
    Future<Integer> metrics = web.get(port, "127.0.0.1", "/metrics").send().map(response -> response.statusCode());
    Future<SseRecorder> stream = sse.open(port, "/topics/news");
    Future.all(health, ready, metrics, stream)
      .compose(v -> NodeStats.awaitTopicConsumers(vertx, 1))
      .compose(v -> calls.publish("news", "hello"))
      .compose(id -> stream.result().awaitEvents(1))
      .onComplete(testContext.succeeding(events -> testContext.verify(() -> {
        assertThat(health.result()).isEqualTo(200);
        assertThat(ready.result()).isEqualTo(200);
        assertThat(metrics.result()).isEqualTo(200);
        assertThat(events).singleElement().satisfies(event -> assertThat(event.data()).isEqualTo("hello"));
        testContext.completeNow();
      })));
  }

  /**
   * The status of one request to the rule's route, path parameters filled with {@code x}; read from the response
   * head, and the request reset then, since a route that is served may answer with a stream.
   */
  private Future<Integer> status(AccessRule rule) {
    String path = rule.path().replaceAll(":[A-Za-z]+", "x") + "?m=x&username=x&user_id=" + UUID_EXAMPLE;
    return http.request(rule.method(), port, "127.0.0.1", path)
      .compose(request -> request.send())
      .map(response -> {
        response.request().reset();
        return response.statusCode();
      });
  }
}
