package io.ssehub.switchboard;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python processor of examples/python-processor, started with {@code python3} as a real process on a free
 * port, inside the switchboard pipeline. The window is 1 s here: on a loaded 2-core machine the scheduling of a
 * separate Python process alone can now and then exceed 50 ms, and what this test checks is the protocol (the
 * request, the body or the {@code /sink_to} delivery), not the window, which {@link NoReplyTest} checks.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A Python processor (standard library only) inside the pipeline, over seed 000's HTTP protocol")
class PythonProcessorTest {

  private static final Path SCRIPT = Path.of("examples", "python-processor", "processor.py");

  private final HubFixture hub = HubFixture.defaults();
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void createClient(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void stopProcessors() throws InterruptedException {
    hub.close();
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  @DisplayName("Python as the last stage delivers to /sink_to: /ssec?m=meow%20meow gives the seed string")
  void pythonDeliversToSink(Vertx vertx, VertxTestContext testContext) throws Exception {
    int pythonPort = startPython("reverse", "--sink", "http://127.0.0.1:" + hub.port() + "/sink_to");
    JsonObject python = new JsonObject()
      .put("name", "py-reverse")
      .put("url", "http://127.0.0.1:" + pythonPort + "/reverse")
      .put("deliver", "sink");
    hub.deploy(Switchboards.hub(withWindow(Switchboards.pipeline(Switchboards.stage("upper", "upper"),
        python))))
      .compose(id -> hub.get("/ssec?m=meow%20meow").send())
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.bodyAsString()).isEqualTo(Switchboards.MEOW);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Python as the first stage answers in its response body, which goes on to the Java reverse stage")
  void pythonInTheMiddle(Vertx vertx, VertxTestContext testContext) throws Exception {
    int pythonPort = startPython("upper");
    JsonObject python = new JsonObject().put("name", "py-upper").put("url", "http://127.0.0.1:" + pythonPort + "/upper");
    hub.deploy(Switchboards.hub(withWindow(Switchboards.pipeline(python,
        Switchboards.stage("reverse", "reverse")))))
      .compose(id -> hub.get("/ssec?m=howdy%20cowboy").send())
      .compose(first -> hub.get("/ssec?m=meow%20meow").send().map(second -> List.of(first, second)))
      .onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
        assertThat(responses.get(0).bodyAsString()).isEqualTo("howdy cowboy HOWDY COWBOY YOBWOC YDWOH yobwoc ydwoh");
        assertThat(responses.get(1).bodyAsString()).isEqualTo(Switchboards.MEOW);
        testContext.completeNow();
      })));
  }

  private static JsonObject withWindow(JsonObject switchboard) {
    return switchboard.put("windowMillis", 1000);
  }

  /** Starts the processor on a free port and waits (up to 20 s) for its "listening" line. */
  private int startPython(String transform, String... extra) throws Exception {
    int pythonPort = TestHub.freePort();
    List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), "--port", String.valueOf(pythonPort),
      "--transform", transform));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(process);
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> readLine(output)).get(20, TimeUnit.SECONDS);
    assertThat(line).as("the Python processor's first line").contains("listening on 127.0.0.1:" + pythonPort);
    return pythonPort;
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      return "unreadable output: " + e.getMessage();
    }
  }
}
