package io.ssehub.config;

import io.ssehub.bus.Topics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Kafka bridge (seed 004 v3, and Kafka as a way to publish). The section is optional: without it
 * the bridge is not deployed and the node needs no broker.
 *
 * @param bootstrapServers {@code host:port,...} of the brokers
 * @param groupId the consumer group; its committed offsets say where a restarted hub resumes
 * @param userMessagesTopic the seed's topic of {@code username:message} records, delivered to v3 users
 * @param topics generic mappings of Kafka topics onto hub topics
 * @param autoOffsetReset where a group with no committed offset starts: {@code latest} (the seed's) or {@code earliest}
 * @param pollMillis how long one poll waits for records
 * @param requestTimeoutMillis how long a commit or a reachability check may take before Kafka counts as down
 * @param idleCheckMillis how often the bridge asks the brokers whether they answer, records flowing or not
 * @param checkTimeoutMillis how long the brokers may take to answer that question before Kafka counts as down
 * @param retryMinMillis first delay of the back-off while Kafka or the history is down
 * @param retryMaxMillis longest delay of that back-off
 * @param publishTimeoutMillis send timeout of one publish into the hub's history
 */
public record KafkaConfig(
  String bootstrapServers,
  String groupId,
  String userMessagesTopic,
  List<TopicMapping> topics,
  String autoOffsetReset,
  long pollMillis,
  long requestTimeoutMillis,
  long idleCheckMillis,
  long checkTimeoutMillis,
  long retryMinMillis,
  long retryMaxMillis,
  long publishTimeoutMillis) {

  /**
   * One Kafka topic whose records are published to one hub topic: the record value is the data, the
   * header named {@code eventHeader}, when present, names the event.
   */
  public record TopicMapping(String kafkaTopic, String hubTopic, String eventHeader) {

    static TopicMapping from(ConfigReader reader) {
      String hubTopic = reader.string("hubTopic", null);
      if (!Topics.isValidName(hubTopic)) {
        throw reader.invalid("hubTopic", "must be a topic name of " + Topics.nameRule() + ", found "
          + (hubTopic == null ? "nothing" : "\"" + hubTopic + "\""));
      }
      String kafkaTopic = reader.string("kafkaTopic", hubTopic);
      return new TopicMapping(kafkaTopic, hubTopic, reader.string("eventHeader", "event"));
    }
  }

  static KafkaConfig from(ConfigReader reader) {
    String userMessagesTopic = reader.string("userMessagesTopic", "v3_messages");
    int retryMin = reader.integer("retryMinMillis", 500, 10, 600_000);
    KafkaConfig config = new KafkaConfig(
      reader.string("bootstrapServers", "localhost:9092"),
      reader.string("groupId", "server_sent_events_v3"),
      userMessagesTopic,
      mappings(reader, userMessagesTopic),
      reader.oneOf("autoOffsetReset", "latest", Set.of("latest", "earliest")),
      reader.integer("pollMillis", 500, 10, 60_000),
      reader.integer("requestTimeoutMillis", 10_000, 1000, 600_000),
      reader.integer("idleCheckMillis", 1000, 100, 3_600_000),
      reader.integer("checkTimeoutMillis", 2000, 100, 600_000),
      retryMin,
      reader.integer("retryMaxMillis", 10_000, retryMin, 600_000),
      reader.integer("publishTimeoutMillis", 5000, 1, 600_000));
    return config;
  }

  /** The record with any credentials in the server list masked ({@link Redacted#url}), as logs may show it. */
  @Override
  public String toString() {
    return "KafkaConfig[bootstrapServers=" + Redacted.url(bootstrapServers) + ", groupId=" + groupId
      + ", userMessagesTopic=" + userMessagesTopic + ", topics=" + topics + ", autoOffsetReset=" + autoOffsetReset
      + ", pollMillis=" + pollMillis + ", requestTimeoutMillis=" + requestTimeoutMillis
      + ", idleCheckMillis=" + idleCheckMillis + ", retryMinMillis=" + retryMinMillis
      + ", retryMaxMillis=" + retryMaxMillis + ", publishTimeoutMillis=" + publishTimeoutMillis + "]";
  }

  private static List<TopicMapping> mappings(ConfigReader reader, String userMessagesTopic) {
    List<TopicMapping> mappings = new ArrayList<>();
    Set<String> kafkaTopics = new HashSet<>(Set.of(userMessagesTopic));
    for (ConfigReader item : reader.sections("topics")) {
      TopicMapping mapping = TopicMapping.from(item);
      if (!kafkaTopics.add(mapping.kafkaTopic())) {
        throw reader.invalid("topics", "reads the Kafka topic \"" + mapping.kafkaTopic()
          + "\" twice; map each Kafka topic once");
      }
      mappings.add(mapping);
    }
    return List.copyOf(mappings);
  }
}
