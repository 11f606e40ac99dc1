package io.ssehub.docker;

import io.ssehub.config.ConfigSource;
import io.ssehub.config.HubConfig;
import io.ssehub.config.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/compose.yml cannot run here (no Docker engine), so what can be checked without one is: the file's
 * syntax with Debian's docker-compose ({@code scripts/test.sh} installs it), and that the hub confs it mounts
 * start (the same check as start-up) and reach Redis and Kafka by the names and ports compose gives them.
 */
@DisplayName("docker/compose.yml and the hub confs it mounts")
class ComposeFilesTest {

  private static final Path COMPOSE = Path.of("docker/compose.yml");

  @Test
  @DisplayName("docker-compose config accepts docker/compose.yml")
  void composeSyntax() throws Exception {
    Process check = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
      .redirectErrorStream(true)
      .start();
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.exitValue()).as("docker-compose config said: " + output).isZero();
  }

  @Test
  @DisplayName("The worker runs the bridges, switchboard, processors and reports, against compose's redis and kafka")
  void workerReachesTheServices() throws IOException {
    String compose = Files.readString(COMPOSE);
    assertThat(compose).contains("./worker.json:/app/conf/worker.json", "\"-conf\", \"conf/worker.json\"");
    HubConfig worker = ConfigSource.check("docker/worker.json");
    assertThat(worker.deploy()).contains(Role.HISTORY, Role.REDIS, Role.GENERATOR, Role.KAFKA, Role.REPORTS,
      Role.SWITCHBOARD, Role.PROCESSORS, Role.GATEWAY);
    assertThat(worker.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(compose).as("the broker's advertised listener is what the worker connects to")
      .contains("KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092");
    assertThat(worker.redis().url()).isEqualTo("redis://redis:6379");
    assertThat(worker.redis().historyInRedis()).as("history shared by the gateways in Redis Streams").isTrue();
    assertThat(worker.reports().redis().connectionString()).isEqualTo("redis://redis:6379");
    assertThat(compose).contains("\n  redis:\n", "\n  kafka:\n");
  }

  @Test
  @DisplayName("The two gateways serve HTTP, on port 3000 inside their containers, published as 3000 and 3001, and "
    + "each reads the worker's Redis Stream with a history role of its own")
  void gateways() throws IOException {
    String compose = Files.readString(COMPOSE);
    HubConfig gateway = ConfigSource.check("docker/gateway.json");
    // A Redis Streams history delivers each event on its own node only (every node tails the stream), so a
    // gateway without a history role would get no events at all (see docs/cluster.md and ClusterRedisNodesIT).
    assertThat(gateway.deploy()).containsExactlyInAnyOrder(Role.HISTORY, Role.GATEWAY, Role.MONITOR,
      Role.PIPELINE, Role.ALERTS, Role.ANNOUNCEMENTS, Role.TIMESTAMPS, Role.USERS);
    assertThat(gateway.redis().historyInRedis()).isTrue();
    assertThat(gateway.redis().url()).isEqualTo(ConfigSource.check("docker/worker.json").redis().url());
    assertThat(gateway.redis().streamKey()).isEqualTo(ConfigSource.check("docker/worker.json").redis().streamKey());
    assertThat(gateway.gateway().port()).isEqualTo(3000);
    assertThat(compose).contains("\"3000:3000\"", "\"3001:3000\"", "./gateway.json:/app/conf/gateway.json");
  }
}
