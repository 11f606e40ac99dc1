package io.ssehub.gateway;

import io.ssehub.testing.HubProcess;
import io.ssehub.testing.Probes;
import io.ssehub.testing.RawStream;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar with 1,000 open streams on two gateway instances, stopped with SIGTERM and a drain window of 4 s
 * ({@code SSEHUB_GATEWAY_DRAIN_SECONDS}): when each stream ends, as its client sees it on a plain socket.
 */
@DisplayName("SIGTERM drains 1,000 streams spread over gateway.drainSeconds, then the process exits")
class DrainIT {

  private static final int STREAMS = 1000;
  private static final int BATCH = 100;
  private static final long WINDOW_MILLIS = 4000;
  private static final Pattern RETRY = Pattern.compile("retry: (\\d+)\n");
  private static final Pattern LOOP = Pattern.compile("\\[(vert\\.x-eventloop-thread-\\d+)] io\\.ssehub\\.access - GET "
    + "/topics/drain 200");

  private final int port = TestHub.freePort();
  private final List<RawStream> streams = new ArrayList<>();
  private final long[] endedAt = new long[STREAMS];
  private final long[] closedAt = new long[STREAMS];
  private Vertx vertx;
  private NetClient net;
  private WebClient web;
  private HubProcess node;

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
    web = WebClient.create(vertx);
    JsonObject config = new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway"))
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1").put("instances", 2))
      .put("log", new JsonObject().put("access", true));
    node = HubProcess.start(dir, Map.of("SSEHUB_GATEWAY_DRAIN_SECONDS", String.valueOf(WINDOW_MILLIS / 1000)), port,
      List.of("-conf", config.encode()));
    await(Probes.awaitReady(vertx, web, port, 200));
  }

  @AfterEach
  void close() {
    node.close();
    net.close();
    web.close();
    vertx.close();
  }

  @Test
  @DisplayName("Closes spread over the window on both event loops, each after a jittered retry:, none left, exit 143")
  void drainsSpreadOut() throws IOException {
    for (int from = 0; from < STREAMS; from += BATCH) {
      List<Future<Void>> batch = new ArrayList<>();
      for (int i = from; i < from + BATCH; i++) {
        batch.add(open(i));
      }
      await(Future.all(batch));
    }
    long signalled = System.nanoTime();
    node.terminate();
    await(Future.any(streams.stream().map(RawStream::awaitLastChunk).toList()));
    HttpResponse<Buffer> refused = await(web.get(port, "127.0.0.1", "/topics/drain").send());
    HttpResponse<Buffer> ready = await(web.get(port, "127.0.0.1", "/ready").send());
    List<Future<Void>> ends = new ArrayList<>();
    for (RawStream stream : streams) {
      ends.add(stream.awaitLastChunk());
      ends.add(stream.closed());
    }
    await(Future.all(ends));
    Integer exitCode = node.awaitExit(WINDOW_MILLIS + 15_000);
    long exitedAt = System.nanoTime();

    assertThat(refused.statusCode()).as("a new stream while draining").isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
    assertThat(refused.bodyAsString())
      .isEqualTo("This node is shutting down and takes no new streams; connect again in 5 s, to another node.\n");
    assertThat(ready.statusCode()).as("/ready while draining").isEqualTo(503);
    assertThat(ready.bodyAsString()).contains("the node is shutting down");

    long[] ended = Arrays.stream(endedAt).map(at -> (at - signalled) / 1_000_000).sorted().toArray();
    long first = ended[0];
    long last = ended[STREAMS - 1];
    assertThat(first).as("ms from SIGTERM to the first close").isLessThan(WINDOW_MILLIS / 10 + 1000);
    assertThat(last - first).as("ms from the first close to the last").isGreaterThanOrEqualTo(WINDOW_MILLIS * 8 / 10);
    assertThat(last).as("ms from SIGTERM to the last close").isLessThan(WINDOW_MILLIS + 3000);
    int[] tenths = new int[10];
    for (long at : ended) {
      tenths[(int) Math.min(9, (at - first) * 10 / WINDOW_MILLIS)]++;
    }
    assertThat(Arrays.stream(tenths).boxed().toList()).as("closes in each tenth of the window, from the first close")
      .allSatisfy(count -> assertThat(count).isBetween(STREAMS / 20, STREAMS / 5));

    List<Long> hints = new ArrayList<>();
    for (RawStream stream : streams) {
      List<Long> retries = retries(stream.text());
      assertThat(retries).as("retry: lines of a stream").hasSize(2).startsWith(3000L);
      hints.add(retries.get(1));
    }
    assertThat(hints).allSatisfy(hint -> assertThat(hint).isBetween(1500L, 4500L));
    assertThat(new TreeSet<>(hints).size()).as("distinct drain retry: hints").isGreaterThan(STREAMS / 2);

    assertThat(exitCode).as("exit code after SIGTERM").isEqualTo(143);
    assertThat((exitedAt - signalled) / 1_000_000).as("ms from SIGTERM to exit").isLessThan(WINDOW_MILLIS + 15_000);
    String log = Files.readString(node.log());
    assertThat(log).containsSubsequence("Stopping: new streams refused", "Stopping: the inputs first",
      "Stopping: closing the open streams over gateway.drainSeconds (4 s)", "Drained: 1000 streams closed",
      "Stopping: ending open streams", "Stopped");
    assertThat(loops(log)).as("event loops that closed streams").hasSize(2);
  }

  /** Stream {@code i}: connects, asks for /topics/drain, and completes once its first retry: line is in. */
  private Future<Void> open(int i) {
    RawStream stream = new RawStream();
    streams.add(stream);
    return net.connect(port, "127.0.0.1").compose(socket -> {
      stream.attach(socket);
      stream.awaitLastChunk().onSuccess(v -> endedAt[i] = System.nanoTime());
      stream.closed().onSuccess(v -> closedAt[i] = System.nanoTime());
      return socket.write("GET /topics/drain HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .compose(v -> stream.await(text -> text.contains("retry: 3000")));
    });
  }

  private static List<Long> retries(String text) {
    List<Long> values = new ArrayList<>();
    Matcher matcher = RETRY.matcher(text);
    while (matcher.find()) {
      values.add(Long.parseLong(matcher.group(1)));
    }
    return values;
  }

  private static Set<String> loops(String log) {
    Set<String> loops = new TreeSet<>();
    Matcher matcher = LOOP.matcher(log);
    while (matcher.find()) {
      loops.add(matcher.group(1));
    }
    return loops;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
