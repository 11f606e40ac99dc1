package io.ssehub.kafka;

import io.ssehub.testing.HubProcess;
import io.ssehub.testing.KafkaBroker;
import io.ssehub.testing.Probes;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar with the Kafka bridge and the in-memory history, stopped with SIGTERM while records keep coming:
 * every record below the offset the consumer group committed must have reached the clients, since the history
 * that took it dies with the process. Record {@code n} of the one-partition topic carries {@code n}, its offset.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("SIGTERM of a node that bridges Kafka while records arrive")
class KafkaShutdownIT {

  private static final String GROUP = "shutdown-test";
  private static final int CLIENTS = 3;
  private static final int ROUNDS = 5;

  private final List<HubProcess> nodes = new ArrayList<>();
  private KafkaBroker broker;
  private KafkaProducer<String, String> producer;
  private SseClient sse;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) {
    broker = KafkaBroker.startNew();
    broker.createTopics("feed");
    producer = broker.producer(vertx);
    sse = new SseClient(vertx);
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    nodes.forEach(HubProcess::close);
    await(producer.close());
    sse.close();
    web.close();
    broker.close();
  }

  @Test
  @DisplayName("no record is committed that no client received, over five restarts")
  void committedMeansDelivered(Vertx vertx) {
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean producing = new AtomicBoolean(true);
    produce(vertx, sent, producing);
    long committed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      HubProcess node = startNode(round);
      await(Probes.awaitReady(vertx, web, node.port(), 200));
      List<SseRecorder> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(await(sse.open(node.port(), "/topics/feed")));
      }
      int target = sent.get() + 2000;
      await(clients.get(CLIENTS - 1).await(recorder -> numbers(recorder).contains(target)));
      node.close();
      for (SseRecorder client : clients) {
        await(client.awaitEnd());
      }
      committed = committedOffset();
      for (int i = 0; i < CLIENTS; i++) {
        assertThat(missed(clients.get(i), committed)).as("records up to the committed offset " + committed
          + " that client " + i + " never received, round " + round).isEmpty();
      }
    }
    producing.set(false);
    assertThat(committed).as("the group committed what the rounds delivered").isGreaterThan(ROUNDS * 2000L);
  }

  private HubProcess startNode(int round) {
    int port = TestHub.freePort();
    HubProcess node = HubProcess.start("kafka-shutdown-" + round, new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("kafka"))
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1"))
      .put("kafka", new JsonObject()
        .put("bootstrapServers", broker.bootstrapServers())
        .put("groupId", GROUP)
        .put("autoOffsetReset", "earliest")
        .put("pollMillis", 50)
        .put("topics", new JsonArray().add(new JsonObject().put("kafkaTopic", "feed").put("hubTopic", "feed")))));
    nodes.add(node);
    return node;
  }

  /** Sends 0, 1, 2, ... in order (an idempotent producer keeps it), about 2,000 a second, until told to stop. */
  private void produce(Vertx vertx, AtomicInteger sent, AtomicBoolean producing) {
    vertx.setPeriodic(5, timer -> {
      if (!producing.get()) {
        vertx.cancelTimer(timer);
        return;
      }
      for (int i = 0; i < 10; i++) {
        producer.send(KafkaProducerRecord.create("feed", String.valueOf(sent.getAndIncrement())));
      }
    });
  }

  /** The numbers from the first this client received up to {@code committed} (excluded) that it did not get. */
  private static List<Integer> missed(SseRecorder client, long committed) {
    List<Integer> got = numbers(client);
    Set<Integer> received = new HashSet<>(got);
    List<Integer> missed = new ArrayList<>();
    for (int n = got.isEmpty() ? 0 : got.get(0); n < committed; n++) {
      if (!received.contains(n)) {
        missed.add(n);
      }
    }
    return missed;
  }

  private long committedOffset() {
    Map<TopicPartition, OffsetAndMetadata> offsets = broker.committedOffsets(GROUP);
    OffsetAndMetadata offset = offsets.get(new TopicPartition("feed", 0));
    return offset == null ? 0 : offset.offset();
  }

  private static List<Integer> numbers(SseRecorder recorder) {
    return recorder.events().stream()
      .map(SseEvent::data)
      .map(Integer::valueOf)
      .toList();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
