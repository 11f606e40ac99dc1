package io.ssehub.cluster;

import io.ssehub.testing.HubProcess;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three JVMs from the fat jar joined by Hazelcast, as in {@link ClusterNodesIT}: a worker (conf/workers.json, which
 * runs the history) and two gateway nodes (conf/gateway.json). Each node's fanout answers for its own streams.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("GET /topics/{t}/info and POST /publish on a cluster")
class TopicInfoClusterIT {

  private final ClusterNodes cluster = new ClusterNodes(3);
  private Vertx vertx;
  private SseClient sse;
  private WebClient web;
  private HubProcess worker;
  private HubProcess gatewayA;
  private HubProcess gatewayB;

  @BeforeAll
  void startCluster() {
    vertx = Vertx.vertx();
    sse = new SseClient(vertx);
    web = WebClient.create(vertx);
    worker = cluster.start("worker", "workers.json", new JsonObject());
    gatewayA = cluster.start("gateway-a", "gateway.json", new JsonObject());
    gatewayB = cluster.start("gateway-b", "gateway.json", new JsonObject());
    for (HubProcess node : List.of(worker, gatewayA, gatewayB)) {
      await(ClusterNodes.awaitMembers(vertx, web, node, 3));
    }
  }

  @AfterAll
  void stopCluster() {
    sse.close();
    web.close();
    cluster.close();
    await(vertx.close());
  }

  @Test
  @DisplayName("Info counts the streams of both gateway nodes; an event of two topics reaches each stream once")
  void subscribersAcrossTheCluster() {
    SseRecorder onA = await(sse.open(gatewayA.port(), "/subscribe?topic=watched&topic=also"));
    SseRecorder secondOnA = await(sse.open(gatewayA.port(), "/topics/watched"));
    SseRecorder onB = await(sse.open(gatewayB.port(), "/topics/watched"));
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayA.port(), 2));
    await(NodeStats.awaitTopicConsumers(vertx, web, gatewayB.port(), 1));

    HttpResponse<Buffer> published = await(web.post(gatewayB.port(), "127.0.0.1", "/publish")
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(new JsonObject().put("topics", new JsonArray().add("watched").add("also"))
        .put("data", "hello").encode())));
    assertThat(published.statusCode()).isEqualTo(201);
    String id = published.bodyAsJsonObject().getString("id");
    String marker = publish(gatewayA, "watched", "marker");
    for (SseRecorder stream : List.of(onA, secondOnA, onB)) {
      assertThat(await(stream.awaitEvents(2))).extracting(SseEvent::id).containsExactly(id, marker);
    }

    for (HubProcess node : List.of(gatewayA, gatewayB, worker)) {
      JsonObject info = await(web.get(node.port(), "127.0.0.1", "/topics/watched/info").send()).bodyAsJsonObject();
      assertThat(info).as("info on " + node.port()).isEqualTo(new JsonObject().put("topic", "watched")
        .put("subscribers", 3).put("lastEventId", marker).put("retained", 2));
    }
    JsonObject also = await(web.get(gatewayB.port(), "127.0.0.1", "/topics/also/info").send()).bodyAsJsonObject();
    assertThat(also.getInteger("subscribers")).isEqualTo(1);
    assertThat(also.getString("lastEventId")).isEqualTo(id);
  }

  private String publish(HubProcess node, String topic, String data) {
    HttpResponse<Buffer> response = await(web.post(node.port(), "127.0.0.1", "/topics/" + topic)
      .sendBuffer(Buffer.buffer(data)));
    assertThat(response.statusCode()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
