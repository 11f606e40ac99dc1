package io.ssehub.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node) in a child JVM,
 * on free loopback ports, with its log dir in a temp dir. {@link #stop()} and {@link #start()} again
 * keep the ports and the log dir, as a broker restart does. Blocking: call it off the event loop.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String clusterId = Uuid.randomUuid().toString();
  private Process process;

  private KafkaBroker(Path dir) {
    this.dir = dir;
    this.port = TestHub.freePort();
    this.controllerPort = TestHub.freePort();
  }

  /** Creates a broker in a fresh temp dir and starts it. */
  public static KafkaBroker startNew() {
    try {
      KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("sse-hub-kafka-"));
      broker.writeConfig();
      broker.start();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** A producer of string records to this broker that waits for every replica ({@code acks=all}). */
  public KafkaProducer<String, String> producer(Vertx vertx) {
    return KafkaProducer.create(vertx, Map.of(
      "bootstrap.servers", bootstrapServers(),
      "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
      "acks", "all"));
  }

  /**
   * The hub's {@code kafka} section for this broker with short timeouts and retries, for tests that stop and
   * start the broker and want the bridge to notice and reconnect within seconds.
   */
  public JsonObject restartableBridgeConfig() {
    return new JsonObject()
      .put("bootstrapServers", bootstrapServers())
      .put("autoOffsetReset", "earliest")
      .put("requestTimeoutMillis", 3000)
      .put("idleCheckMillis", 1000)
      .put("retryMinMillis", 200)
      .put("retryMaxMillis", 2000);
  }

  /** Starts the broker JVM and returns once the broker answers metadata requests. */
  public void start() {
    List<String> command = List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
      "-cp", System.getProperty("java.class.path"),
      KafkaBrokerMain.class.getName(), dir.resolve("server.properties").toString(), clusterId);
    try {
      process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
        .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitReady();
  }

  /** Stops the broker as a SIGTERM would (a clean shutdown), and waits for its JVM to exit. */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  public void createTopics(String... names) {
    try (Admin admin = admin()) {
      admin.createTopics(Arrays.stream(names).map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create topics " + Arrays.toString(names), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The offsets a consumer group has committed, by partition. */
  public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
    try (Admin admin = admin()) {
      return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not read the offsets of group " + groupId, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(
      AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The Kafka broker exited with status " + process.exitValue()
          + "; see " + dir.resolve("broker.log"));
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception notYet) {
        pause(500);
      }
    }
    throw new IllegalStateException("The Kafka broker did not answer within " + READY_TIMEOUT.toSeconds()
      + " s; see " + dir.resolve("broker.log"));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void writeConfig() throws IOException {
    Files.writeString(dir.resolve("server.properties"), String.join("\n",
      "process.roles=broker,controller",
      "node.id=1",
      "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
      "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
      "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
      "controller.listener.names=CONTROLLER",
      "inter.broker.listener.name=PLAINTEXT",
      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      "log.dirs=" + dir.resolve("data"),
      "num.partitions=1",
      "num.network.threads=1",
      "num.io.threads=2",
      "offsets.topic.num.partitions=1",
      "offsets.topic.replication.factor=1",
      "transaction.state.log.replication.factor=1",
      "transaction.state.log.min.isr=1",
      "share.coordinator.state.topic.replication.factor=1",
      "share.coordinator.state.topic.min.isr=1",
      "group.initial.rebalance.delay.ms=0",
      ""));
    Files.writeString(dir.resolve("logback.xml"), String.join("\n",
      "<configuration>",
      "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
      "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>",
      "  </appender>",
      "  <logger name=\"kafka.server.KafkaRaftServer\" level=\"INFO\"/>",
      "  <root level=\"WARN\"><appender-ref ref=\"OUT\"/></root>",
      "</configuration>",
      ""));
  }
}
