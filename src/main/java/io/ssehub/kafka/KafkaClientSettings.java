package io.ssehub.kafka;

import io.ssehub.config.KafkaConfig;

import java.util.HashMap;
import java.util.Map;

/** The Kafka client properties that follow from the {@code kafka} config section. */
final class KafkaClientSettings {

  private KafkaClientSettings() {
  }

  static Map<String, String> consumer(KafkaConfig config) {
    Map<String, String> properties = new HashMap<>();
    properties.put("bootstrap.servers", config.bootstrapServers());
    properties.put("group.id", config.groupId());
    properties.put("enable.auto.commit", "false");
    properties.put("auto.offset.reset", config.autoOffsetReset());
    properties.put("default.api.timeout.ms", String.valueOf(config.requestTimeoutMillis()));
    properties.put("request.timeout.ms", String.valueOf(config.requestTimeoutMillis()));
    properties.put("reconnect.backoff.ms", String.valueOf(config.retryMinMillis()));
    properties.put("reconnect.backoff.max.ms", String.valueOf(config.retryMaxMillis()));
    return properties;
  }

  /** The admin client that {@link BrokerWatch} asks: its calls time out after {@code kafka.checkTimeoutMillis}. */
  static Map<String, String> admin(KafkaConfig config) {
    Map<String, String> properties = new HashMap<>();
    properties.put("bootstrap.servers", config.bootstrapServers());
    properties.put("default.api.timeout.ms", String.valueOf(config.checkTimeoutMillis()));
    properties.put("request.timeout.ms", String.valueOf(config.checkTimeoutMillis()));
    properties.put("reconnect.backoff.ms", String.valueOf(config.retryMinMillis()));
    properties.put("reconnect.backoff.max.ms", String.valueOf(Math.min(config.retryMaxMillis(), config.checkTimeoutMillis())));
    return properties;
  }
}
