package io.ssehub.redis;

import io.ssehub.bus.EventId;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.ResponseType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Seed 001 with a real redis-server: generator, bridge, GET /sse and mirroring")
class RedisAlertsTest {

  static final String SEED_ALERT = "{\"key\": \"7\", \"message\": \"Sending Message: 0.8444218515250481\"}";

  private final HubFixture hub = HubFixture.defaults().withRedis();

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<String> deploy(Vertx vertx, JsonArray roles, JsonObject redisSection) {
    return hub.deploy(new JsonObject()
      .put("nodeName", "node-x")
      .put("deploy", roles)
      .put("generator", new JsonObject().put("delaySeconds", 1))
      .put("redis", redisSection.put("url", hub.redisServer().url())));
  }

  @Test
  @DisplayName("A message on the Redis channel alerts reaches GET /sse as event NewAlert with the seed's exact JSON plus server")
  void channelToSse(Vertx vertx, VertxTestContext testContext) {
    deploy(vertx, new JsonArray().add("history").add("gateway").add("redis").add("alerts"),
        new JsonObject().put("subscribe", new JsonArray().add("alerts")))
      .compose(id -> hub.redis().awaitSubscribers("alerts", 1))
      .compose(v -> hub.open("/sse"))
      .compose(stream -> NodeStats.awaitTopicConsumers(vertx, 1).map(stream))
      .compose(stream -> hub.redis().publish("alerts", SEED_ALERT)
        .compose(v -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> {
            String expected = "{\"key\": \"7\", \"message\": \"Sending Message: 0.8444218515250481\", \"server\": \"node-x\"}";
            assertThat(events.get(0).event()).isEqualTo("NewAlert");
            assertThat(events.get(0).data()).isEqualTo(expected);
            assertThat(stream.lines()).containsSequence("event: NewAlert", "data: " + expected, "");
            assertThat(stream.headers().get("Content-Type")).startsWith("text/event-stream");
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Two identical messages on a Redis channel both reach the stream, each once, with the history in Redis")
  void identicalMessagesBothDelivered(Vertx vertx, VertxTestContext testContext) {
    String same = "{\"key\":\"k2\",\"message\":\"same\"}";
    deploy(vertx, new JsonArray().add("history").add("gateway").add("redis"),
        new JsonObject().put("subscribe", new JsonArray().add("alerts")))
      .compose(id -> hub.redis().awaitSubscribers("alerts", 1))
      .compose(v -> hub.open("/topics/alerts"))
      .compose(stream -> NodeStats.awaitTopicConsumers(vertx, 1).map(stream))
      .compose(stream -> hub.redis().publish("alerts", same)
        .compose(v -> hub.redis().publish("alerts", same))
        .compose(v -> hub.redis().publish("alerts", "after"))
        .compose(v -> stream.await(recorder -> recorder.events().stream().anyMatch(e -> e.data().equals("after"))))
        .map(v -> {
          testContext.verify(() -> {
            assertThat(stream.events()).extracting(SseEvent::data).containsExactly(same, same, "after");
            assertThat(stream.events()).extracting(SseEvent::id).doesNotHaveDuplicates();
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("With Redis configured the generator publishes the seed's message shape to the Redis channel alerts")
  void generatorPublishesToRedis(Vertx vertx, VertxTestContext testContext) {
    Promise<String> received = Promise.promise();
    hub.redis().client().connect()
      .compose(connection -> {
        connection.handler(push -> {
          if (push.type() != ResponseType.ERROR && push.size() == 3 && "message".equals(push.get(0).toString())) {
            received.tryComplete(push.get(2).toString());
          }
        });
        return connection.send(Request.cmd(Command.SUBSCRIBE).arg("alerts"));
      })
      .compose(v -> deploy(vertx, new JsonArray().add("history").add("generator"), new JsonObject()))
      .compose(id -> received.future())
      .onComplete(testContext.succeeding(message -> testContext.verify(() -> {
        assertThat(message).matches("\\{\"key\": \"(10|[1-9])\", \"message\": \"Sending Message: "
          + "(0\\.\\d+|\\d(\\.\\d+)?e-\\d\\d)\"\\}");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A topic listed in redis.mirror is published to its Redis channel once per event (history in Redis)")
  void mirrorWithRedisHistory(Vertx vertx, VertxTestContext testContext) {
    mirror(vertx, testContext, true);
  }

  @Test
  @DisplayName("A topic listed in redis.mirror is published to its Redis channel once per event (history in memory)")
  void mirrorWithMemoryHistory(Vertx vertx, VertxTestContext testContext) {
    mirror(vertx, testContext, false);
  }

  private void mirror(Vertx vertx, VertxTestContext testContext, boolean historyInRedis) {
    java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    Promise<Void> two = Promise.promise();
    hub.redis().client().connect()
      .compose(connection -> {
        connection.handler(push -> {
          if (push.size() == 3 && "message".equals(push.get(0).toString())) {
            received.add(push.get(2).toString());
            if (received.size() >= 2) {
              two.tryComplete();
            }
          }
        });
        return connection.send(Request.cmd(Command.SUBSCRIBE).arg("news"));
      })
      .compose(v -> deploy(vertx, new JsonArray().add("history").add("gateway").add("redis"),
        new JsonObject().put("mirror", new JsonArray().add("news")).put("history", historyInRedis)))
      .compose(id -> hub.post("/topics/news").sendBuffer(Buffer.buffer("first\nline")))
      .compose(r -> hub.post("/topics/news").sendBuffer(Buffer.buffer("second")))
      .compose(r -> two.future())
      .compose(v -> hub.redis().send(Command.PING))
      .onComplete(testContext.succeeding(pong -> testContext.verify(() -> {
        assertThat(received).containsExactly("first\nline", "second");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("With the history in Redis, Last-Event-ID replays what a client missed across topics, in id order, then live")
  void replayFromRedisStream(Vertx vertx, VertxTestContext testContext) {
    deploy(vertx, new JsonArray().add("history").add("gateway"), new JsonObject())
      .compose(id -> post("a", "1"))
      .compose(first -> post("b", "2")
        .compose(v -> post("other", "not asked for"))
        .compose(v -> post("a", "3"))
        .compose(v -> hub.open("/subscribe?topic=a&topic=b", io.vertx.core.MultiMap.caseInsensitiveMultiMap()
          .add("Last-Event-ID", first)))
        .compose(stream -> stream.awaitEvents(2)
          .compose(v -> post("b", "4"))
          .compose(v -> stream.awaitEvents(3))
          .map(events -> {
            testContext.verify(() -> {
              assertThat(events).extracting(SseEvent::data).containsExactly("2", "3", "4");
              assertThat(stream.events()).noneMatch(event -> "reset".equals(event.event()));
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("An id the Redis stream no longer holds gets a reset event, then what is retained")
  void gapWhenStreamLost(Vertx vertx, VertxTestContext testContext) {
    deploy(vertx, new JsonArray().add("history").add("gateway"), new JsonObject())
      .compose(id -> post("a", "old"))
      .compose(old -> hub.redis().send(Command.DEL, "ssehub:events", "ssehub:events:clock").map(old))
      .compose(old -> post("a", "new").map(old))
      .compose(old -> hub.open("/topics/a", io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("Last-Event-ID", old)))
      .compose(stream -> stream.awaitEvents(2).map(events -> {
        testContext.verify(() -> {
          assertThat(events.get(0).event()).isEqualTo("reset");
          assertThat(new JsonObject(events.get(0).data()).getString("topic")).isEqualTo("a");
          assertThat(events.get(1).data()).isEqualTo("new");
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Transient ticks and stored events share one id order: a mixed stream gets all, and resumes from a tick's id")
  void transientAndStoredIdsInterleave(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(new JsonObject()
        .put("deploy", new JsonArray().add("history").add("gateway").add("clock"))
        .put("seeds", new JsonObject().put("clockPeriodMillis", 20))
        .put("redis", new JsonObject().put("url", hub.redisServer().url())))
      .compose(id -> hub.open("/subscribe?topic=news&topic=clock"))
      .compose(stream -> stream.awaitEvents(3)
        .compose(v -> post("news", "1"))
        .compose(v -> stream.awaitEvents(stream.events().size() + 2))
        .compose(v -> post("news", "2"))
        .compose(v -> stream.awaitEvents(stream.events().size() + 2))
        .compose(v -> post("news", "3"))
        .compose(v -> stream.await(recorder -> recorder.events().stream().filter(e -> e.data().equals("3")).count() == 1))
        .compose(v -> {
          List<SseEvent> events = stream.events();
          String tickBeforeTwo = events.subList(0, indexOf(events, "2")).stream()
            .filter(event -> "ping".equals(event.event())).reduce((a, b) -> b).orElseThrow().id();
          testContext.verify(() -> {
            assertThat(events).filteredOn(event -> event.event() == null).extracting(SseEvent::data)
              .containsExactly("1", "2", "3");
            List<EventId> ids = events.stream().map(event -> EventId.parse(event.id())).toList();
            for (int i = 1; i < ids.size(); i++) {
              assertThat(ids.get(i).isAfter(ids.get(i - 1))).as("id %s after %s", ids.get(i), ids.get(i - 1)).isTrue();
            }
          });
          return hub.open("/topics/news", io.vertx.core.MultiMap.caseInsensitiveMultiMap()
            .add("Last-Event-ID", tickBeforeTwo));
        })
        .compose(resumed -> resumed.awaitEvents(2).map(replayed -> {
          testContext.verify(() -> assertThat(replayed).extracting(SseEvent::data).containsExactly("2", "3"));
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  private static int indexOf(List<SseEvent> events, String data) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).event() == null && events.get(i).data().equals(data)) {
        return i;
      }
    }
    throw new AssertionError("no event with data " + data);
  }

  private Future<String> post(String topic, String data) {
    return hub.post("/topics/" + topic).sendBuffer(Buffer.buffer(data))
      .map(response -> response.bodyAsJsonObject().getString("id"));
  }
}
