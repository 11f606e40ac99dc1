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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    start(Path.of(System.getProperty("java.home")), port, conf, jvmOptions, arguments);
  }

  private void start(Path javaHome, int port, String conf, List<String> jvmOptions, List<String> arguments)
    throws Exception {
    List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString()));
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

  /**
   * The newest JDK of 24 or later installed beside this one under /usr/lib/jvm (Debian's layout), or empty: Java 24
   * and later print warnings of their own on stderr, plain text, for what the jar's manifest does not allow.
   */
  private static Optional<Path> newerJdk() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
        .filter(home -> Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(home.resolve("release")))
        .filter(home -> featureVersion(home) >= 24)
        .max(Comparator.comparingInt(LogFormatIT::featureVersion));
    }
  }

  /** The feature version in the JDK's release file (25 for JAVA_VERSION="25.0.3"), 0 if it has none. */
  private static int featureVersion(Path home) {
    try {
      Matcher version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE)
        .matcher(Files.readString(home.resolve("release")));
      return version.find() ? Integer.parseInt(version.group(1)) : 0;
    } catch (IOException unreadable) {
      return 0;
    }
  }

  @Test
  @DisplayName("A clustered node with the access log: every stdout and stderr line is JSON, Hazelcast's and the "
    + "access log's included, from start through requests to shutdown; no WARN or ERROR")
  void clusteredJsonLines() throws Exception {
    clusteredJsonLines(Path.of(System.getProperty("java.home")), List.of());
  }

  @Test
  @DisplayName("The same on the newest JDK of 24 or later on this machine (Temurin 25 here), with the flag "
    + "docs/operations.md gives for it: the JVM's own plain-text warnings of native access (the manifest enables it) "
    + "and of Hazelcast's sun.misc.Unsafe (the flag allows it) do not appear")
  void clusteredJsonLinesOnNewerJdk() throws Exception {
    Optional<Path> jdk = newerJdk();
    assumeTrue(jdk.isPresent(), "no JDK of 24 or later under /usr/lib/jvm");
    clusteredJsonLines(jdk.get(), List.of("--sun-misc-unsafe-memory-access=allow"));
  }

  private void clusteredJsonLines(Path javaHome, List<String> jvmOptions) throws Exception {
    int port = TestHub.freePort();
    List<String> options = new ArrayList<>(jvmOptions);
    options.add("-Dhub.cluster.name=log-it-" + UUID.randomUUID());
    options.add("-Dhub.cluster.port=" + TestHub.freePort());
    start(javaHome, port, "{\"gateway\": {\"port\": " + port + "}, \"log\": {\"access\": true}}", options,
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
