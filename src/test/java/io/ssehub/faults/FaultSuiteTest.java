package io.ssehub.faults;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults a single node must shrug off, in this JVM on loopback, each bounded: slow consumers, a burst of
 * 10,000 connects and disconnects, and a reconnect storm with {@code Last-Event-ID}. After each: every client
 * saw every event exactly once in order (nothing lost inside the history window, no duplicate), the node holds
 * no stream or topic consumer, and this JVM's heap (after GC) and open files are back near their baseline.
 * Redis, Kafka and kill -9 have their own classes in this package.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Fault suite: slow consumers, connection bursts, reconnect storms")
class FaultSuiteTest {

  private static final Logger LOG = LoggerFactory.getLogger(FaultSuiteTest.class);
  /** Heap growth allowed after a fault: the history legitimately keeps the events (up to ~12 MB here). */
  private static final long HEAP_SLACK = 32L << 20;
  private static final long FILE_SLACK = 20;

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("deploy", new io.vertx.core.json.JsonArray().add("history").add("gateway"))
    .put("history", new JsonObject().put("maxEvents", 5000)));
  private Vertx vertx;
  private ResourceBaseline baseline;

  @BeforeAll
  void start() {
    vertx = hub.startOwnVertx().vertx();
    await(hub.deploy());
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  @BeforeEach
  void takeBaseline() {
    baseline = ResourceBaseline.ofThisJvm();
  }

  @AfterEach
  void backToBaseline() {
    await(hub.calls().awaitStats(
      stats -> stats.getInteger("openStreams") == 0 && stats.getInteger("topicConsumers") == 0, 30_000));
    ResourceBaseline after = ResourceBaseline.ofThisJvm();
    LOG.info("Heap {} -> {} MB, open files {} -> {}", baseline.heapBytes() >> 20, after.heapBytes() >> 20,
      baseline.openFiles(), after.openFiles());
    assertThat(after.openFiles()).as("open files after the fault").isLessThanOrEqualTo(baseline.openFiles() + FILE_SLACK);
    assertThat(after.heapBytes()).as("heap after the fault").isLessThanOrEqualTo(baseline.heapBytes() + HEAP_SLACK);
  }

  @Test
  @DisplayName("Slow consumers: stalled readers are cut off without slowing the others, and resume with nothing lost")
  void slowConsumers() {
    List<SseRecorder> fast = openAll("/topics/slow", 3);
    List<SseRecorder> slow = openAll("/topics/slow", 3);
    await(hub.calls().awaitStats(stats -> stats.getInteger("topicConsumers") >= 1, 10_000));
    String marker = await(hub.calls().publish("slow", "marker"));
    slow.forEach(reader -> await(reader.awaitEvents(1)));
    slow.forEach(SseRecorder::pause);
    long cutBefore = await(hub.calls().stats()).getLong("slowReadersCut");

    String payload = "x".repeat(4000);
    List<String> ids = new ArrayList<>(List.of(marker));
    ids.addAll(await(hub.calls().publishAll("slow", payload, 3000)));
    for (SseRecorder reader : fast) {
      await(reader.await(r -> r.events().size() >= ids.size()));
      Invariants.exactlyOnce("fast reader", reader.events(), ids);
      assertThat(reader.ended()).as("a fast reader was cut off").isFalse();
    }
    // A paused client does not read, so it cannot see the server close; the node's count shows the cut.
    await(hub.calls().awaitStats(stats -> stats.getLong("slowReadersCut") - cutBefore >= 3, 30_000));
    assertThat(await(hub.calls().stats()).getLong("slowReadersCut") - cutBefore).isEqualTo(3);
    slow.forEach(reader -> await(reader.close()));

    for (SseRecorder stalled : slow) {
      List<SseEvent> before = stalled.events();
      SseRecorder resumed = await(hub.open("/topics/slow", lastEventId(before.get(before.size() - 1).id())));
      await(resumed.await(r -> before.size() + r.events().size() >= ids.size()));
      Invariants.exactlyOnce("resumed slow reader", Invariants.joined(List.of(before, resumed.events())), ids);
      await(resumed.close());
    }
    fast.forEach(reader -> await(reader.close()));
  }

  @Test
  @DisplayName("A burst of 10,000 connects and disconnects leaves no stream, consumer, file or heap behind")
  void connectBurst() {
    int total = 10_000;
    int wave = 200;
    long started = System.nanoTime();
    for (int done = 0; done < total; done += wave) {
      List<Future<Void>> cycles = IntStream.range(0, wave)
        .mapToObj(i -> hub.open("/topics/burst" + (i % 10)).compose(stream -> {
          assertThat(stream.status()).isEqualTo(200);
          return stream.close();
        }))
        .toList();
      await(Future.all(cycles));
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    LOG.info("{} connects and disconnects in {} ms ({} per second)", total, millis, total * 1000L / Math.max(1, millis));
    JsonObject stats = await(hub.calls().awaitStats(s -> s.getInteger("openStreams") == 0, 30_000));
    assertThat(stats.getLong("streamsOpened")).isGreaterThanOrEqualTo(total);
  }

  @Test
  @DisplayName("A reconnect storm: 100 clients reconnecting with Last-Event-ID while events flow each see every event once")
  void reconnectStorm() {
    int clients = 100;
    int events = 400;
    String first = await(hub.calls().publish("storm", "before the storm"));
    List<StormClient> storm = IntStream.range(0, clients).mapToObj(n -> new StormClient(n, first)).toList();
    await(Future.all(storm.stream().map(StormClient::reconnectThreeTimes).toList()));
    List<String> ids = Collections.synchronizedList(new ArrayList<>(List.of(first)));
    Future<Void> publishing = publishSlowly("storm", events, ids);
    await(publishing);
    String last = ids.get(ids.size() - 1);
    await(Future.all(storm.stream().map(client -> client.awaitFinal(last)).toList()));
    storm.forEach(client -> Invariants.exactlyOnce("storm client " + client.number, client.seen(), ids));
    LOG.info("{} clients, {} reconnects, {} events each, none lost or doubled", clients,
      storm.stream().mapToInt(client -> client.connections).sum() - clients, ids.size());
    storm.forEach(client -> await(client.current.close()));
  }

  /** Publishes one event every 5 ms, one after the other; adds each id in publish order. */
  private Future<Void> publishSlowly(String topic, int count, List<String> ids) {
    Promise<Void> done = Promise.promise();
    publishNext(topic, 0, count, ids, done);
    return done.future();
  }

  private void publishNext(String topic, int n, int count, List<String> ids, Promise<Void> done) {
    if (n == count) {
      done.complete();
      return;
    }
    hub.calls().publish(topic, "storm " + n)
      .onSuccess(ids::add)
      .onSuccess(id -> vertx.setTimer(5, t -> publishNext(topic, n + 1, count, ids, done)))
      .onFailure(done::fail);
  }

  /** A client that drops its connection at random moments and reconnects with the last id it saw. */
  private final class StormClient {
    private final int number;
    private final Random random;
    private final List<SseEvent> seen = new ArrayList<>();
    private SseRecorder current;
    private int connections;

    StormClient(int number, String firstId) {
      this.number = number;
      this.random = new Random(number);
      this.seen.add(new SseEvent(firstId, null, "before the storm"));
    }

    Future<Void> reconnectThreeTimes() {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 3; i++) {
        chain = chain.compose(v -> connect()).compose(v -> vertx.timer(50 + random.nextInt(1500))).compose(v -> drop());
      }
      return chain.compose(v -> connect());
    }

    Future<Void> awaitFinal(String lastId) {
      return current.await(r -> !r.events().isEmpty() && r.events().get(r.events().size() - 1).id().equals(lastId));
    }

    List<SseEvent> seen() {
      List<SseEvent> all = new ArrayList<>(seen);
      all.addAll(current.events());
      return all;
    }

    private Future<Void> connect() {
      connections++;
      return hub.open("/topics/storm", lastEventId(seen.get(seen.size() - 1).id())).map(stream -> {
        current = stream;
        return null;
      });
    }

    private Future<Void> drop() {
      SseRecorder closing = current;
      return closing.close().map(v -> {
        seen.addAll(closing.events());
        return null;
      });
    }
  }

  private List<SseRecorder> openAll(String uri, int count) {
    return IntStream.range(0, count).mapToObj(i -> await(hub.open(uri))).toList();
  }

  private static MultiMap lastEventId(String id) {
    return MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", id);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
