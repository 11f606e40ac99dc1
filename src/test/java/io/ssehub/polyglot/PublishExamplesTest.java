package io.ssehub.polyglot;

import io.ssehub.testing.ProcessOutput;
import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("publish.py and subscribe.py, real python3 processes on the TCP event-bus bridge")
class PublishExamplesTest {

  private final int port = TestHub.freePort();
  private final int bridgePort = TestHub.freePort();
  private final BusProcesses processes = new BusProcesses(bridgePort);
  private SseClient sse;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    sse = new SseClient(vertx);
    await(TestHub.deploy(vertx, Bridges.hub("publish-test-" + port, port, bridgePort)));
  }

  @AfterEach
  void stop() throws Exception {
    processes.stopAll();
    await(sse.close());
  }

  @Test
  @DisplayName("publish.py --topic news 'text' prints the event's hub id; a /topics/news subscriber and subscribe.py "
    + "both get the event with that id")
  void publishReachesSubscribers() throws Exception {
    SseRecorder stream = await(sse.open(port, "/topics/news"));
    ProcessOutput subscriber = processes.script("subscribe.py", "--topic", "news");
    subscriber.await(line -> line.startsWith("subscribed to news"), 20_000);

    ProcessOutput publisher = processes.script("publish.py", "--topic", "news", "breaking: tea is hot");
    assertThat(publisher.exit(20_000)).as("publish.py's exit, with output %s", publisher.lines()).isZero();
    String id = publisher.lines().get(publisher.lines().size() - 1);

    List<SseEvent> events = await(stream.awaitEvents(1));
    assertThat(events.get(0).id()).isEqualTo(id);
    assertThat(events.get(0).data()).isEqualTo("breaking: tea is hot");
    assertThat(subscriber.await(line -> line.startsWith(id + "\t"), 10_000)).isEqualTo(id + "\t\"breaking: tea is hot\"");
  }

  @Test
  @DisplayName("publish.py to a topic that is not a valid name is refused: it says so and exits 1")
  void badTopicIsRefused() throws Exception {
    ProcessOutput publisher = processes.script("publish.py", "--topic", "no spaces", "x");
    assertThat(publisher.exit(20_000)).isEqualTo(1);
    assertThat(publisher.lines()).anyMatch(line -> line.startsWith("refused:"));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
