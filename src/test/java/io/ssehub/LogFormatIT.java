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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The fat jar's logs with HUB_LOG_FORMAT=json: one JSON object per line on stdout")
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

  @Test
  @DisplayName("Every stdout line is a JSON object with timestamp, level, logger and message, from start-up to stop")
  void jsonLines() throws Exception {
    int port = TestHub.freePort();
    Path stdout = dir.resolve("stdout.log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-jar", System.getProperty("hub.jar"), "-conf", "{\"gateway\": {\"port\": " + port + "}}")
      .redirectOutput(stdout.toFile())
      .redirectError(dir.resolve("stderr.log").toFile());
    builder.environment().put("HUB_LOG_FORMAT", "json");
    builder.environment().put("HUB_LOG_LEVEL", "DEBUG");
    process = builder.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && process.isAlive() && status(port, "/ready") != 200) {
      Thread.sleep(200);
    }
    assertThat(status(port, "/ready")).as("the hub is ready on port %d", port).isEqualTo(200);

    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
      URI.create("http://127.0.0.1:" + port + "/topics/logged")).build(), HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(reader.readLine()).isEqualTo("retry: 3000");
    awaitLog(stdout, "Stream opened for [logged]");
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the process exits after SIGTERM").isTrue();

    List<JsonObject> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
      try {
        lines.add(new JsonObject(line));
      } catch (DecodeException notJson) {
        throw new AssertionError("a stdout line is not a JSON object: " + line, notJson);
      }
    }
    assertThat(lines).allSatisfy(line -> assertThat(line.fieldNames())
      .contains("timestamp", "level", "loggerName", "formattedMessage"));
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("loggerName")).isEqualTo("io.ssehub.HubVerticle");
      assertThat(line.getString("formattedMessage")).startsWith("sse-hub node ").contains("on port " + port);
    });
    assertThat(lines).anySatisfy(line -> {
      assertThat(line.getString("level")).isEqualTo("DEBUG");
      assertThat(line.getString("formattedMessage")).isEqualTo("Stream opened for [logged]");
    });
    assertThat(lines).extracting(line -> line.getString("formattedMessage")).contains("Stopped");
  }
}
