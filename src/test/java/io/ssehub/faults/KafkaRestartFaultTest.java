package io.ssehub.faults;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.ssehub.faults.FaultSuiteTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache Kafka's own broker (KRaft) stopped and started again while five clients follow seed 004 v3's user
 * stream: records before the stop, HTTP messages while it is down, records after the restart. Every message
 * reaches every client exactly once, in order (the bridge commits only what the history took, and the broker
 * stop is clean, so nothing is consumed twice). Complements kafka/KafkaBrokerRestartTest, which checks the
 * readiness and meters across the same fault.
 */
@DisplayName("Fault: Kafka restarted mid-stream")
class KafkaRestartFaultTest {

  private static final int CLIENTS = 5;
  private static final int EACH = 20;

  private final HubFixture hub = HubFixture.with(fixture -> new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("kafka").add("users"))
      .put("kafka", fixture.kafka().restartableBridgeConfig()))
    .withKafka("v3_messages");
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = hub.startOwnVertx().vertx();
    await(hub.deploy());
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  @DisplayName("Records before the stop, messages during it and records after the restart reach every client once, in order")
  void everyMessageOnce() {
    List<SseRecorder> clients = IntStream.range(0, CLIENTS)
      .mapToObj(i -> await(hub.open("/v3/sse?username=demo"))).toList();
    await(NodeStats.awaitTopicConsumers(vertx, 1));
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < EACH; n++) {
      expected.add("before " + n);
      await(hub.producer().send(KafkaProducerRecord.create("v3_messages", "demo:before " + n)));
    }
    awaitAll(clients, expected.size());
    hub.kafka().stop();
    for (int n = 0; n < EACH; n++) {
      expected.add("during " + n);
      int status = await(hub.post("/v3/message?username=demo")
        .sendBuffer(Buffer.buffer("during " + n))).statusCode();
      assertThat(status).isEqualTo(204);
    }
    hub.kafka().start();
    for (int n = 0; n < EACH; n++) {
      expected.add("after " + n);
      await(hub.producer().send(KafkaProducerRecord.create("v3_messages", "demo:after " + n)));
    }
    awaitAll(clients, expected.size());
    for (SseRecorder client : clients) {
      await(vertx.timer(200));
      assertThat(client.events()).extracting(SseEvent::data).containsExactlyElementsOf(expected);
      assertThat(client.events()).extracting(SseEvent::id).doesNotHaveDuplicates();
    }
    clients.forEach(client -> await(client.close()));
  }

  private static void awaitAll(List<SseRecorder> clients, int count) {
    clients.forEach(client -> await(client.await(r -> r.events().size() >= count)));
  }
}
