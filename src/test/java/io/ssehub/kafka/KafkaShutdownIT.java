package io.ssehub.kafka;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.Probes;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar with the Kafka bridge and the in-memory history, stopped with SIGTERM while records keep coming at
 * a steady rate (small polls, so that a poll's records are handed to the history within a commit's round trip):
 * every record below the offset the consumer group committed must have reached every client, since the history
 * that took it dies with the process. Record {@code n} of the one-partition topic carries {@code n}, its offset.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("SIGTERM of a node that bridges Kafka while records arrive")
class KafkaShutdownIT {

  private static final String GROUP = "shutdown-test";
  private static final int CLIENTS = 3;
  private static final int ROUNDS = 5;
  private static final int RATE_PER_5_MS = 5;
  private static final int LIVE_EDGE = 200;

  private final List<HubProcess> nodes = new ArrayList<>();
  private final HubFixture hub = HubFixture.defaults().withKafka("feed");

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    nodes.forEach(HubProcess::close);
    hub.close();
  }

  @Test
  @DisplayName("no record is committed that a client did not receive, over five SIGTERMs while records flow")
  void committedMeansDelivered(Vertx vertx) {
    AtomicInteger sent = new AtomicInteger();
    List<String> misplaced = new CopyOnWriteArrayList<>();
    long producing = produce(vertx, sent, misplaced);
    long committed = 0;
    for (int round = 0; round < ROUNDS; round++) {
      HubProcess node = startNode(round);
      await(Probes.awaitReady(vertx, hub.web(), node.port(), 200));
      List<SseRecorder> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(await(hub.sse().open(node.port(), "/topics/feed")));
      }
      for (SseRecorder client : clients) {
        await(client.await(recorder -> caughtUp(recorder, sent.get())));
      }
      node.close();
      for (SseRecorder client : clients) {
        await(client.awaitEnd());
      }
      long before = committed;
      committed = committedOffset();
      assertThat(committed).as("the committed offset after round " + round).isGreaterThan(before);
      for (int i = 0; i < CLIENTS; i++) {
        assertThat(missed(clients.get(i), committed)).as("records below the committed offset " + committed
          + " that client " + i + " never received, round " + round).isEmpty();
      }
      assertThat(log(node)).as("node log of round " + round).containsSubsequence("Stopping: the inputs first",
        "Kafka bridge stopped", "Inputs stopped", "Stopping: ending open streams", "Stopped");
    }
    vertx.cancelTimer(producing);
    assertThat(misplaced).as("records that did not land at the offset of their number").isEmpty();
  }

  private HubProcess startNode(int round) {
    int port = TestHub.freePort();
    HubProcess node = HubProcess.start("kafka-shutdown-" + round, new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("kafka"))
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1"))
      .put("kafka", new JsonObject()
        .put("bootstrapServers", hub.kafka().bootstrapServers())
        .put("groupId", GROUP)
        .put("autoOffsetReset", "earliest")
        .put("pollMillis", 50)
        .put("topics", new JsonArray().add(new JsonObject().put("kafkaTopic", "feed").put("hubTopic", "feed")))));
    nodes.add(node);
    return node;
  }

  /** Sends 0, 1, 2, ... in order, about 1,000 a second, and notes each that did not land at its own offset. */
  private long produce(Vertx vertx, AtomicInteger sent, List<String> misplaced) {
    return vertx.setPeriodic(5, timer -> {
      for (int i = 0; i < RATE_PER_5_MS; i++) {
        int n = sent.getAndIncrement();
        hub.producer().send(KafkaProducerRecord.create("feed", String.valueOf(n)))
          .onSuccess(landed -> {
            if (landed.getOffset() != n) {
              misplaced.add(n + "@" + landed.getOffset());
            }
          })
          .onFailure(failure -> misplaced.add(n + ": " + failure));
      }
    });
  }

  /**
   * Whether this client has got the backlog of the node's start behind it: its last record is one of the last
   * {@link #LIVE_EDGE} sent. From then on the bridge's polls are small.
   */
  private static boolean caughtUp(SseRecorder client, int sent) {
    List<SseEvent> events = client.events();
    return !events.isEmpty() && Integer.parseInt(events.get(events.size() - 1).data()) >= sent - LIVE_EDGE;
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
    Map<TopicPartition, OffsetAndMetadata> offsets = hub.kafka().committedOffsets(GROUP);
    OffsetAndMetadata offset = offsets.get(new TopicPartition("feed", 0));
    return offset == null ? 0 : offset.offset();
  }

  private static List<Integer> numbers(SseRecorder recorder) {
    return recorder.events().stream()
      .map(SseEvent::data)
      .map(Integer::valueOf)
      .toList();
  }

  private static String log(HubProcess node) {
    try {
      return Files.readString(node.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
