package io.ssehub.docker;

import io.ssehub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/Dockerfile cannot be built here (no Docker engine, and the client has no {@code build --check} without
 * one), so its runtime stage is read as text, and its health check script is run against a real node.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("docker/Dockerfile's runtime image, its health check, and the compose file's JVM flags")
class DockerfileTest {

  private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
  private static final Path HEALTHCHECK = Path.of("docker/healthcheck.sh");

  /** The Dockerfile from its last {@code FROM}: what the image that runs is made of. */
  private static String runtimeStage() throws IOException {
    String text = Files.readString(DOCKERFILE);
    return text.substring(text.lastIndexOf("\nFROM "));
  }

  private static String javaOpts(String text) {
    Matcher matcher = Pattern.compile("JAVA_OPTS[=:] ?\"([^\"]*)\"").matcher(text);
    assertThat(matcher.find()).as("JAVA_OPTS is set").isTrue();
    return matcher.group(1);
  }

  private static int run(int port) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", HEALTHCHECK.toString()).redirectErrorStream(true);
    builder.environment().put("HUB_HTTP_PORT", String.valueOf(port));
    Process check = builder.start();
    assertThat(check.waitFor(10, TimeUnit.SECONDS)).as("the health check finished").isTrue();
    return check.exitValue();
  }

  @Test
  @DisplayName("The runtime stage is a JRE with the jar, role files, web pages and cluster.xml, run as hub, no package "
    + "installed, and its health check is the script")
  void runtimeImage() throws IOException {
    String runtime = runtimeStage();
    assertThat(runtime).startsWith("\nFROM eclipse-temurin:17-jre");
    assertThat(runtime).doesNotContain("apt-get", "curl", "/src/src", "pom.xml");
    assertThat(runtime).contains("USER hub", "COPY --from=build --chown=root:root /src/target/sse-hub.jar ./sse-hub.jar",
      "/src/conf ./conf", "/src/webroot ./webroot", "/src/cluster.xml ./cluster.xml", "docker/healthcheck.sh");
    assertThat(runtime).containsPattern("HEALTHCHECK [^\\n]*CMD \\[\"/app/healthcheck.sh\"\\]");
    assertThat(runtime).contains("HUB_HTTP_PORT=3000", "EXPOSE 3000 5701");
    assertThat(Files.isExecutable(HEALTHCHECK)).as("the script is executable").isTrue();
    assertThat(Files.readString(HEALTHCHECK))
      .contains("/dev/tcp/127.0.0.1/${HUB_HTTP_PORT:-3000}", "GET /health HTTP/1.1")
      .doesNotContain("/ready");
  }

  @Test
  @DisplayName("The image and the compose file run the JVM with the README's flags and exit on OutOfMemoryError")
  void jvmFlags() throws IOException {
    Matcher readme = Pattern.compile("launch with\\s+`java (-XX:\\S+) -jar").matcher(Files.readString(Path.of("README.md")));
    assertThat(readme.find()).as("the README's JVM flags paragraph").isTrue();
    String image = javaOpts(runtimeStage());
    String compose = javaOpts(Files.readString(Path.of("docker/compose.yml")));
    assertThat(image).contains(readme.group(1), "-XX:+ExitOnOutOfMemoryError");
    assertThat(compose).isEqualTo(image);
    assertThat(Files.readString(Path.of("docker/compose.yml"))).contains("HUB_CLUSTER_NAME: \"${HUB_CLUSTER_NAME:-");
  }

  @Test
  @DisplayName("The health check script passes on a node's /health at HUB_HTTP_PORT and fails where nothing answers")
  void healthCheckScript(Vertx vertx, VertxTestContext testContext) {
    int port = TestHub.freePort();
    TestHub.deploy(vertx, TestHub.config(port, new JsonObject().put("deploy", new JsonArray()
        .add("history").add("gateway"))))
      .compose(id -> vertx.executeBlocking(() -> new int[] {run(port), run(TestHub.freePort())}))
      .onComplete(testContext.succeeding(codes -> testContext.verify(() -> {
        assertThat(codes[0]).as("the node's /health answers 200").isZero();
        assertThat(codes[1]).as("no node on that port").isNotZero();
        testContext.completeNow();
      })));
  }
}
