package io.ssehub;

import io.ssehub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The fat jar as a process: start-up, config errors and SIGTERM")
class HubProcessIT {

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  private Process start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", System.getProperty("hub.jar")));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
      .redirectErrorStream(true)
      .redirectOutput(log.toFile())
      .start();
    processes.add(process);
    return process;
  }

  private void awaitUp(int port, Process process) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/monitor"))
          .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the hub did not come up on port " + port);
  }

  @Test
  @DisplayName("A config file with a bad value stops start-up with a message naming the file and the key")
  void badConfigStopsStartUp() throws Exception {
    Path conf = Files.writeString(dir.resolve("bad.json"), "{\"gateway\": {\"port\": 70000}}");
    Path log = dir.resolve("bad.log");
    Process process = start(log, "-conf", conf.toString());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains(conf.toString(), "'gateway.port'", "from 1 to 65535");
  }

  @Test
  @DisplayName("A missing config file stops start-up with a message naming it")
  void missingConfigStopsStartUp() throws Exception {
    Path log = dir.resolve("missing.log");
    Process process = start(log, "-conf", "conf/nope.json");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(Files.readString(log)).contains("conf/nope.json: no such config file");
  }

  @Test
  @DisplayName("SIGTERM ends open streams cleanly and the process exits within a few seconds")
  void sigtermEndsStreams() throws Exception {
    int port = TestHub.freePort();
    Path conf = Files.writeString(dir.resolve("node.json"), "{\"gateway\": {\"port\": " + port + "}}");
    Path log = dir.resolve("node.log");
    Process process = start(log, "-conf", conf.toString());
    awaitUp(port, process);

    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
      URI.create("http://127.0.0.1:" + port + "/topics/bye")).build(), HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).isEqualTo("retry: 3000");
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/topics/bye"))
      .POST(HttpRequest.BodyPublishers.ofString("last words")).build(), HttpResponse.BodyHandlers.ofString());

    long signalled = System.nanoTime();
    process.destroy();
    List<String> rest = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      rest.add(line);
    }
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the process exits after SIGTERM").isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - signalled);
    assertThat(rest).contains("data: last words");
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(Files.readString(log)).contains("Stopping: ending open streams", "Stopped");
  }
}
