package io.ssehub.switchboard;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 000's own {@code bin/test.sh}, unchanged: it curls {@code localhost:3000}, so this test starts the fat
 * jar with its default (empty) config, which listens on port 3000. Port 3000 is the one fixed port of the test
 * suite; if another process holds it, the test waits up to a minute for it and then skips, saying so.
 */
@DisplayName("Seed 000's bin/test.sh passes unchanged against the hub on port 3000")
class Seed000IT {

  private static final int SEED_PORT = 3000;
  private static final Path TEST_SCRIPT = Path.of("src", "test", "resources", "seed000", "bin", "test.sh");
  private static final String PASSED =
    "[ meow meow MEOW MEOW WOEM WOEM woem woem = meow meow MEOW MEOW WOEM WOEM woem woem ]";

  private Process hub;

  @AfterEach
  void stopHub() throws InterruptedException {
    if (hub != null) {
      hub.destroy();
      if (!hub.waitFor(20, TimeUnit.SECONDS)) {
        hub.destroyForcibly();
      }
    }
  }

  @Test
  @DisplayName("bin/test.sh prints the seed's success line and exits 0")
  void seedTestScript() throws Exception {
    Assumptions.assumeTrue(awaitFreePort(Duration.ofMinutes(1)),
      "Port 3000 stayed taken for a minute by another process; seed 000's bin/test.sh can only curl localhost:3000");
    Path log = Files.createTempFile("seed000-hub", ".log");
    hub = new ProcessBuilder("java", "-jar", System.getProperty("hub.jar"))
      .redirectErrorStream(true)
      .redirectOutput(log.toFile())
      .start();
    awaitHubAnswers(Duration.ofSeconds(60), log);

    Process script = new ProcessBuilder("bash", TEST_SCRIPT.toString()).redirectErrorStream(true).start();
    String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output).isEqualTo(PASSED);
    assertThat(script.exitValue()).isZero();
  }

  private static boolean awaitFreePort(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(SEED_PORT));
        return true;
      } catch (IOException taken) {
        Thread.sleep(500);
      }
    }
    return false;
  }

  /** Polls {@code /switchboard/stats} until the node answers; the hub's log is in the failure message. */
  private void awaitHubAnswers(Duration patience, Path log) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest stats = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SEED_PORT + "/switchboard/stats"))
      .timeout(Duration.ofSeconds(2))
      .build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline && hub.isAlive()) {
      try {
        if (client.send(stats, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The hub did not come up on port " + SEED_PORT + "; its log:\n" + Files.readString(log));
  }
}
