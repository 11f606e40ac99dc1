package io.ssehub.kafka;

import io.ssehub.bus.Addresses;
import io.ssehub.testing.KafkaBroker;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * One real KRaft broker for the class; each test uses its own Kafka topics and consumer group, so the
 * tests do not see each other's records. The groups start at the earliest offset, so a record sent
 * before the bridge has joined its group still arrives (the seed's default, latest, would race).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Kafka bridge: seed 004 v3 records and mapped Kafka topics reach SSE streams through a real broker")
class KafkaBridgeTest {

  private static KafkaBroker broker;

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String userTopic = "v3_messages_" + suffix;
  private final String groupId = "group_" + suffix;
  private SseClient sse;
  private KafkaProducer<String, String> producer;
  private final List<String> hubs = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.startNew();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void createClients(Vertx vertx) {
    sse = new SseClient(vertx);
    producer = broker.producer(vertx);
  }

  @AfterEach
  void closeClients() {
    sse.close();
    producer.close();
  }

  private JsonObject kafkaSection(String topic, JsonArray mappings) {
    return new JsonObject()
      .put("bootstrapServers", broker.bootstrapServers())
      .put("groupId", groupId)
      .put("userMessagesTopic", topic)
      .put("autoOffsetReset", "earliest")
      .put("topics", mappings);
  }

  private Future<Integer> deployHub(Vertx vertx, JsonObject overrides, String... kafkaTopics) {
    int port = TestHub.freePort();
    return vertx.executeBlocking(() -> {
      broker.createTopics(kafkaTopics);
      return null;
    }).compose(v -> TestHub.deploy(vertx, TestHub.config(port, overrides)))
      .onSuccess(hubs::add)
      .map(id -> port);
  }

  private Future<Void> send(String topic, String value, String eventName) {
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(topic, value);
    if (eventName != null) {
      record.addHeader("event", eventName);
    }
    return producer.send(record).mapEmpty();
  }

  @Test
  @DisplayName("The seed's record demo:🦋 howdy from kafka! on v3_messages arrives as data: 🦋 howdy from kafka! on /v3/sse?username=demo")
  void seedRecordArrivesOnTheUsersStream(Vertx vertx, VertxTestContext testContext) {
    JsonObject seedDefaults = new JsonObject()
      .put("bootstrapServers", broker.bootstrapServers())
      .put("groupId", groupId)
      .put("autoOffsetReset", "earliest");
    deployHub(vertx, new JsonObject().put("kafka", seedDefaults), "v3_messages")
      .compose(port -> sse.open(port, "/v3/sse?username=demo"))
      .compose(stream -> send("v3_messages", "demo:🦋 howdy from kafka!", null)
        .compose(v -> stream.awaitEvents(1))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(events.get(0).data()).isEqualTo("🦋 howdy from kafka!");
            assertThat(stream.lines()).contains("data: 🦋 howdy from kafka!");
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A record with no colon is skipped, and the next record still arrives; v2's user of that name gets nothing")
  void recordWithoutColonIsSkipped(Vertx vertx, VertxTestContext testContext) {
    deployHub(vertx, new JsonObject().put("kafka", kafkaSection(userTopic, new JsonArray())), userTopic)
      .compose(port -> Future.all(sse.open(port, "/v3/sse?username=demo"), sse.open(port, "/v2/sse?username=demo")))
      .compose(both -> {
        SseRecorder v3 = both.resultAt(0);
        SseRecorder v2 = both.resultAt(1);
        return send(userTopic, "no colon in this record", null)
          .compose(v -> send(userTopic, "demo:after the bad one: with a second colon", null))
          .compose(v -> v3.awaitEvents(1))
          .map(events -> {
            testContext.verify(() -> {
              assertThat(v3.events()).extracting(SseEvent::data).containsExactly("after the bad one: with a second colon");
              assertThat(v2.events()).isEmpty();
            });
            return null;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A mapped Kafka topic publishes to its hub topic; the record header 'event' names the event")
  void mappedTopicWithEventHeader(Vertx vertx, VertxTestContext testContext) {
    String kafkaTopic = "alerts_in_" + suffix;
    String hubTopic = "alerts-" + suffix;
    JsonArray mappings = new JsonArray()
      .add(new JsonObject().put("kafkaTopic", kafkaTopic).put("hubTopic", hubTopic).put("eventHeader", "event"));
    deployHub(vertx, new JsonObject().put("kafka", kafkaSection(userTopic, mappings)), userTopic, kafkaTopic)
      .compose(port -> sse.open(port, "/topics/" + hubTopic))
      .compose(stream -> send(kafkaTopic, "disk 93% full\nsecond line", "alert")
        .compose(v -> send(kafkaTopic, "all clear ✅", null))
        .compose(v -> stream.awaitEvents(2))
        .map(events -> {
          testContext.verify(() -> {
            assertThat(events).extracting(SseEvent::event, SseEvent::data).containsExactly(
              tuple("alert", "disk 93% full\nsecond line"),
              tuple(null, "all clear ✅"));
            assertThat(stream.lines()).containsSequence("event: alert", "data: disk 93% full", "data: second line");
          });
          return null;
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("Offsets are committed once the history has taken a record, so a restarted hub does not replay it")
  void takenRecordsAreCommitted(Vertx vertx, VertxTestContext testContext) {
    JsonObject overrides = new JsonObject().put("kafka", kafkaSection(userTopic, new JsonArray()));
    deployHub(vertx, overrides, userTopic)
      .compose(port -> sse.open(port, "/v3/sse?username=ann"))
      .compose(stream -> send(userTopic, "ann:one", null).compose(v -> stream.awaitEvents(1)))
      .compose(v -> awaitCommitted(vertx, 1))
      .compose(v -> undeployHubs(vertx))
      .compose(v -> deployHub(vertx, overrides, new String[0]))
      .compose(port -> sse.open(port, "/v3/sse?username=ann"))
      .compose(stream -> send(userTopic, "ann:two", null).compose(v -> stream.awaitEvents(1)).map(v -> stream))
      .map(stream -> {
        testContext.verify(() -> assertThat(stream.events()).extracting(SseEvent::data).containsExactly("two"));
        return null;
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A record the history did not take is not committed, so the next hub of the group delivers it")
  // The second hub may take the record before the stream opens, so the stream asks for the history from the start.
  void refusedRecordIsNotCommitted(Vertx vertx, VertxTestContext testContext) {
    JsonObject kafka = kafkaSection(userTopic, new JsonArray()).put("retryMinMillis", 200);
    JsonObject withoutHistory = new JsonObject().put("kafka", kafka).put("deploy", new JsonArray().add("kafka"));
    Promise<Void> refused = Promise.promise();
    MessageConsumer<JsonObject> refusingHistory = vertx.eventBus().consumer(Addresses.PUBLISH, message -> {
      message.fail(503, "history is down (test)");
      refused.tryComplete();
    });
    refusingHistory.completion()
      .compose(v -> deployHub(vertx, withoutHistory, userTopic))
      .compose(port -> send(userTopic, "bob:kept for later", null))
      .compose(v -> refused.future())
      .compose(v -> undeployHubs(vertx))
      .compose(v -> refusingHistory.unregister())
      .compose(v -> vertx.executeBlocking(() -> broker.committedOffsets(groupId)))
      .compose(offsets -> {
        testContext.verify(() -> assertThat(offsets.get(new TopicPartition(userTopic, 0))).isNull());
        return deployHub(vertx, new JsonObject().put("kafka", kafka), new String[0]);
      })
      .compose(port -> sse.open(port, "/v3/sse?username=bob", MultiMap.caseInsensitiveMultiMap()
        .add("Last-Event-ID", "0-0")))
      .compose(stream -> stream.await(recorder -> !messages(recorder).isEmpty()).map(v -> messages(stream)))
      .map(messages -> {
        testContext.verify(() -> assertThat(messages).extracting(SseEvent::data).containsExactly("kept for later"));
        return null;
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  /** The stream's unnamed events: the messages, without the {@code reset} notice that a replay from 0-0 starts with. */
  private static List<SseEvent> messages(SseRecorder stream) {
    return stream.events().stream().filter(event -> event.event() == null).toList();
  }

  private Future<Void> undeployHubs(Vertx vertx) {
    List<Future<Void>> undeployed = hubs.stream().map(vertx::undeploy).toList();
    hubs.clear();
    return Future.all(undeployed).mapEmpty();
  }

  /** Waits, up to 30 s, until the group has committed {@code offset} on partition 0 of the user topic. */
  private Future<Void> awaitCommitted(Vertx vertx, long offset) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + 30_000;
    vertx.setPeriodic(200, timer -> vertx.executeBlocking(() -> broker.committedOffsets(groupId))
      .onSuccess(offsets -> {
        OffsetAndMetadata committed = offsets.get(new TopicPartition(userTopic, 0));
        if (committed != null && committed.offset() == offset) {
          vertx.cancelTimer(timer);
          done.tryComplete();
        } else if (System.currentTimeMillis() > deadline) {
          vertx.cancelTimer(timer);
          done.tryFail("group " + groupId + " committed " + offsets + ", expected offset " + offset);
        }
      }));
    return done.future();
  }
}
