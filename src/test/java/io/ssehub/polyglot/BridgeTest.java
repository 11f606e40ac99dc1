package io.ssehub.polyglot;

import io.ssehub.testing.BridgeClient;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
@DisplayName("The bridge role, seen from a raw TCP client: 4-byte length + JSON frames")
class BridgeTest {

  private final int port = TestHub.freePort();
  private final int bridgePort = TestHub.freePort();
  private final String node = "bridge-test-" + port;
  private WebClient web;
  private BridgeClient publisher;
  private BridgeClient subscriber;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    web = WebClient.create(vertx);
    TestHub.deploy(vertx, Bridges.hub(node, port, bridgePort))
      .compose(id -> BridgeClient.connect(vertx, bridgePort))
      .onSuccess(client -> publisher = client)
      .compose(id -> BridgeClient.connect(vertx, bridgePort))
      .onSuccess(client -> subscriber = client)
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    web.close();
  }

  @Test
  @DisplayName("A publish sent to hub.publish gets a hub id in its reply, and a client registered on hub.topic.news "
    + "receives the event with that id")
  void publishesThroughTheHistory(VertxTestContext testContext) {
    subscriber.writeAndSync(BridgeClient.register("hub.topic.news", new JsonObject()))
      .compose(registered -> {
        publisher.write(BridgeClient.send("hub.publish", new JsonObject().put("topic", "news").put("data", "hello"),
          new JsonObject()).put("replyAddress", "my.reply"));
        return Future.all(publisher.next("message", 5000), subscriber.next("message", 5000));
      })
      .onComplete(testContext.succeeding(frames -> testContext.verify(() -> {
        JsonObject reply = frames.resultAt(0);
        JsonObject event = frames.resultAt(1);
        assertThat(reply.getString("address")).isEqualTo("my.reply");
        assertThat(reply.getJsonObject("body").getString("id")).isNotBlank();
        assertThat(event.getString("address")).isEqualTo("hub.topic.news");
        assertThat(event.getJsonObject("body").getString("id")).isEqualTo(reply.getJsonObject("body").getString("id"));
        assertThat(event.getJsonObject("body").getString("data")).isEqualTo("hello");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A send to an address that is not permitted inbound, and a register on one not permitted outbound, "
    + "are each answered with an access_denied err frame and counted as refused")
  void refusesAddressesNotPermitted(VertxTestContext testContext) {
    publisher.write(BridgeClient.send("switchboard.flush", new JsonObject(), new JsonObject()));
    publisher.next("err", 5000)
      .compose(first -> {
        publisher.write(BridgeClient.register("switchboard.call", new JsonObject()));
        return publisher.next("err", 5000).map(second -> List.of(first, second));
      })
      .compose(errs -> Bridges.refused(web, port, node, "address").map(count -> List.of(errs, count)))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        @SuppressWarnings("unchecked")
        List<JsonObject> errs = (List<JsonObject>) result.get(0);
        assertThat(errs).extracting(err -> err.getString("message")).containsExactly("access_denied", "access_denied");
        assertThat(result.get(1)).isEqualTo(2.0);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A publish to a topic that is not a valid name is refused with an err frame and counted")
  void refusesABadTopic(VertxTestContext testContext) {
    publisher.write(BridgeClient.send("hub.publish", new JsonObject().put("topic", "no spaces").put("data", "x"),
      new JsonObject()).put("replyAddress", "my.reply"));
    publisher.next("err", 5000)
      .compose(err -> Bridges.refused(web, port, node, "frame").map(count -> List.of(err, count)))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(((JsonObject) result.get(0)).getString("message")).isEqualTo("blocked by bridgeEvent handler");
        assertThat(result.get(1)).isEqualTo(1.0);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A register on the address of a topic the topic API does not accept (the Mercure updates' _mercure) is "
    + "refused with an err frame and counted, though hub.topic.* is permitted outbound")
  void refusesInternalTopics(VertxTestContext testContext) {
    subscriber.write(BridgeClient.register("hub.topic._mercure", new JsonObject()));
    subscriber.next("err", 5000)
      .compose(err -> Bridges.refused(web, port, node, "frame").map(count -> List.of(err, count)))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertThat(result.get(1)).isEqualTo(1.0);
        testContext.completeNow();
      })));
  }
}
