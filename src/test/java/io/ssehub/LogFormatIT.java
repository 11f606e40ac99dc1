package io.ssehub;

import io.ssehub.testing.TestHub;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The fat jar's logs with HUB_LOG_FORMAT=json: one ECS JSON object per line, on stdout and stderr")
class LogFormatIT {

  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  @TempDir
  Path dir;

  @AfterEach
  void killLeftover() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private int status(int port, String path) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException notYet) {
      return -1;
    }
  }

  /** Polls every 200 ms, for at most 60 s, until the log file holds a line containing the text. */
  private void awaitLog(Path stdout, String text) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && !Files.readString(stdout).contains(text)) {
      Thread.sleep(200);
    }
    assertThat(Files.readString(stdout)).as("the log holds %s", text).contains(text);
  }

  /** Starts the jar in JSON log mode, its stdout and stderr in files of the test's directory; waits for /ready. */
  private void start(int port, String conf, List<String> jvmOptions, List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", System.getProperty("hub.jar"), "-conf", conf));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command)
      .redirectOutput(dir.resolve("stdout.log").toFile())
      .redirectError(dir.resolve("stderr.log").toFile());
    builder.environment().put("HUB_LOG_FORMAT", "json");
    builder.environment().put("HUB_LOG_LEVEL", "DEBUG");
    process = builder.start();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline && process.isAlive() && status(port, "/ready") != 200) {
      Thread.sleep(200);
    }
    assertThat(status(port, "/ready")).as("the hub is ready on port %d", port).isEqualTo(200);
  }

  /** Opens an SSE stream, publishes to it, reads the event, and stops the node with SIGTERM. */
  private void streamPublishAndStop(int port) throws Exception {
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
      URI.create("http://127.0.0.1:" + port + "/topics/logged")).build(), HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).isEqualTo("retry: 3000");
    awaitLog(dir.resolve("stdout.log"), "Stream opened for [logged]");
    HttpResponse<String> published = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/topics/logged?token=not-logged"))
      .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(published.statusCode()).isEqualTo(201);
    String line = reader.readLine();
    while (line != null && line.isEmpty()) {
      line = reader.readLine();
    }
    assertThat(line).as("the event's first line").startsWith("id: ");
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the process exits after SIGTERM").isTrue();
  }

  /** Every line of the file, each of which must be a JSON object. */
  private List<JsonObject> jsonLines(String file) throws IOException {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8)) {
      try {
        lines.add(new JsonObject(line));
      } catch (DecodeException notJson) {
        throw new AssertionError("a line of " + file + " is not a JSON object: " + line, notJson);
      }
    }
    return lines;
  }

  private static void assertEcs(List<JsonObject> lines) {
    assertThat(lines).allSatisfy(line -> assertThat(line.fieldNames())
      .contains("@timestamp", "log.level", "log.logger", "message", "ecs.version", "service.name"));
    assertThat(lines).extracting(line -> line.getString("log.level"))
      .as("a clean start, a few requests and a stop log no WARN or ERROR")
      .doesNotContain("WARN", "ERROR");
  }

  @Test
  @DisplayName("A single node: every line, from start-up to stop, is an ECS object with timestamp, level, logger and "
    + "message; stderr stays empty; no WARN or ERROR")
  void jsonLines() throws Exception {
    int port = TestHub.freePort();
    start(port, "{\"gateway\": {\"port\": " + port + "}}", List.of(), List.of());
    streamPublishAndStop(port);

    List<JsonObject> lines = jsonLines("stdout.log");
    assertEcs(lines);
    assertThat(jsonLines("stderr.log")).isEmpty();
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.getString("log.level")).isEqualTo("INFO");
      assertThat(line.getString("log.logger")).isEqualTo("io.ssehub.HubVerticle");
      assertThat(line.getString("message")).startsWith("sse-hub node ").contains("on port " + port);
    });
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.getString("log.level")).isEqualTo("DEBUG");
      assertThat(line.getString("message")).isEqualTo("Stream opened for [logged]");
    });
    assertThat(lines).extracting(line -> line.getString("message")).contains("Stopped");
  }

  @Test
  @DisplayName("A clustered node with the access log: every stdout and stderr line is JSON, Hazelcast's and the "
    + "access log's included, from start through requests to shutdown; no WARN or ERROR")
  void clusteredJsonLines() throws Exception {
    int port = TestHub.freePort();
    start(port, "{\"gateway\": {\"port\": " + port + "}, \"log\": {\"access\": true}}",
      List.of("-Dhub.cluster.name=log-it-" + UUID.randomUUID(), "-Dhub.cluster.port=" + TestHub.freePort()),
      List.of("-cluster"));
    assertThat(status(port, "/health")).isEqualTo(200);
    streamPublishAndStop(port);

    List<JsonObject> stdout = jsonLines("stdout.log");
    List<JsonObject> stderr = jsonLines("stderr.log");
    assertEcs(stdout);
    assertEcs(stderr);
    assertThat(stdout).anySatisfy(line -> assertThat(line.getString("log.logger")).startsWith("com.hazelcast"));
    assertThat(stdout).anySatisfy(line -> {
      assertThat(line.getString("log.logger")).isEqualTo("io.ssehub.access");
      assertThat(line.getString("message")).startsWith("POST /topics/logged?token 201 ");
      assertThat(line.getString("http.response.status_code")).isEqualTo("201");
      assertThat(line.getString("client.address")).isEqualTo("127.0.0.1");
    });
    assertThat(stdout).anySatisfy(line -> assertThat(line.getString("message")).startsWith("GET /topics/logged 200 "));
    assertThat(Files.readString(dir.resolve("stdout.log"))).doesNotContain("not-logged");
    assertThat(stdout).extracting(line -> line.getString("message")).contains("Stopped");
  }
}
