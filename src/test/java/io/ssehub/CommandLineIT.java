package io.ssehub;

import io.ssehub.config.Role;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.TestHub;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar as an operator first meets it: {@code --help}, {@code --version}, a shipped config named from any
 * working directory, the environment over it, and the sentences that stop a config that does not hold.
 */
@DisplayName("The command line: --help, --version, -conf from the jar, SSEHUB_* variables, config errors")
class CommandLineIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  @DisplayName("--help describes this hub: -conf, -cluster, every role, the environment variables and examples")
  void help() {
    HubProcess.Finished run = HubProcess.run(dir, Map.of(), List.of("--help"));
    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).startsWith("sse-hub: a Server-Sent Events hub")
      .contains("-conf <file>", "-cluster", "SSEHUB_<SECTION>_<KEY>", "SSEHUB_GATEWAY_PORT=3001", "HUB_HTTP_PORT",
        "HUB_CLUSTER_MEMBERS", "docs/configuration.md", "Examples:", "java -jar sse-hub.jar -cluster -conf conf/workers.json")
      .contains(Arrays.stream(Role.values()).map(role -> "  " + role.configName() + " ").toList())
      .doesNotContain("Usage: vertx", "--deployment-options");
  }

  @Test
  @DisplayName("--version prints the version from the jar's manifest, and Vert.x's")
  void version() {
    HubProcess.Finished run = HubProcess.run(dir, Map.of(), List.of("--version"));
    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).matches("sse-hub \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Vert\\.x 5\\.\\d+\\.\\d+, Java .+\\)\\n");
  }

  @Test
  @DisplayName("-conf conf/gateway.json from a directory without it runs the jar's copy, with the SSEHUB_* values "
    + "over it; the report store's file is where SSEHUB_REPORTS_STORE_FILE says, and logged")
  void shippedConfigWithTheEnvironmentOverIt() throws Exception {
    int port = TestHub.freePort();
    Map<String, String> environment = Map.of(
      "SSEHUB_GATEWAY_PORT", String.valueOf(port),
      "SSEHUB_GATEWAY_HOST", "127.0.0.1",
      "SSEHUB_GATEWAY_RETRY_MILLIS", "1234",
      "SSEHUB_DEPLOY", "history,gateway,monitor,reports",
      "SSEHUB_REPORTS_STORE_FILE", "state/reports.mv.db",
      "SSEHUB_CORS_ALLOWED_ORIGINS", "https://a.example,https://b.example");
    try (HubProcess hub = HubProcess.start(dir, environment, port, List.of("-conf", "conf/gateway.json"))) {
      HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base(port) + "/topics/env"))
        .header("Origin", "https://b.example")
        .build(), HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        assertThat(reader.readLine()).as("gateway.retryMillis from the environment").isEqualTo("retry: 1234");
      }
      assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).as("cors.allowedOrigins, a list")
        .hasValue("https://b.example");
      assertThat(Files.readString(hub.log())).contains("Config from conf/gateway.json in the jar",
        "gateway.port=SSEHUB_GATEWAY_PORT", "cors.allowedOrigins=SSEHUB_CORS_ALLOWED_ORIGINS",
        "Reports are kept in " + dir.toRealPath().resolve("state/reports.mv.db"));
      assertThat(dir.resolve("state/reports.mv.db")).as("the report store, under the working directory").isRegularFile();
    }
  }

  @Test
  @DisplayName("A bad SSEHUB_* value stops start-up with exit code 2 and a sentence naming the variable")
  void badVariableStopsStartUp() {
    HubProcess.Finished run = HubProcess.run(dir, Map.of("SSEHUB_HISTORY_MAX_EVENTS", "many"), List.of());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("Not started: the defaults: environment variable SSEHUB_HISTORY_MAX_EVENTS "
      + "(key 'history.maxEvents') must be a whole number from 1 to 1000000, found \"many\"");
  }

  @Test
  @DisplayName("A config file that is not valid JSON stops start-up naming the file, the line and the column")
  void malformedJsonStopsStartUp() throws Exception {
    Files.createDirectory(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/x.json"), "{\n  \"gateway\": {\"port\": 3000,}\n}\n");
    HubProcess.Finished run = HubProcess.run(dir, Map.of(), List.of("-conf", "conf/x.json"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("Not started: conf/x.json line 2 column 28: is not valid JSON: Unexpected "
      + "character ('}'");
  }

  private static String base(int port) {
    return "http://127.0.0.1:" + port;
  }
}
