package io.ssehub;

import io.ssehub.testing.HubCalls;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The fat jar started with the launcher's {@code -instances 2}, which deploys the main verticle twice. */
@ExtendWith(VertxExtension.class)
@DisplayName("A node started with -instances 2")
class InstancesIT {

  private SseClient sse;
  private WebClient web;
  private HubProcess node;

  @BeforeEach
  void clients(Vertx vertx) {
    sse = new SseClient(vertx);
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    sse.close();
    web.close();
  }

  @Test
  @DisplayName("with history and gateway, a client resuming with the first event's id gets all five events after it")
  void replayHasEveryEvent(Vertx vertx) throws Exception {
    int port = TestHub.freePort();
    node = HubProcess.start("instances-replay", new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway"))
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1")),
      List.of(), List.of("-instances", "2"));
    HubCalls hub = new HubCalls(vertx, web, port);
    List<String> ids = await(hub.publishAll("twice", "m", 6));

    SseRecorder resumed = await(sse.open(port, "/topics/twice",
      MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", ids.get(0))));
    awaitAtMost(10_000, () -> resumed.events().size() >= 5);
    Thread.sleep(300);

    assertThat(resumed.events()).extracting(SseEvent::data).containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(Files.readString(node.log())).contains("-instances 2");
  }

  @Test
  @DisplayName("with the default roles, the node starts and runs each one-per-node role once")
  void defaultRolesStart(Vertx vertx) throws Exception {
    int port = TestHub.freePort();
    node = HubProcess.start("instances-default", new JsonObject()
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1"))
      .put("reports", new JsonObject().put("storeFile", TestHub.freshStoreFile().toString())),
      List.of(), List.of("-instances", "2"));
    HubCalls hub = new HubCalls(vertx, web, port);
    SseRecorder stream = await(sse.open(port, "/topics/once"));
    String id = await(hub.publish("once", "hello"));
    await(stream.awaitEvents(1));
    Thread.sleep(300);

    assertThat(stream.events()).extracting(SseEvent::id).containsExactly(id);
    String log = Files.readString(node.log());
    assertThat(log).contains("is up with roles").doesNotContain("failed to start");
    assertThat(log.split("is up with roles", -1)).as("nodes started in the process").hasSize(2);
  }

  /** Waits until the condition holds or the time is up, whichever comes first; the assertions after it say which. */
  private static void awaitAtMost(long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
