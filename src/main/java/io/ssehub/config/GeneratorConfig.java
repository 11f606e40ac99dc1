package io.ssehub.config;

/**
 * Seed 001's generator: every {@code delaySeconds} an alert to the Redis {@code channel} (when Redis is
 * configured) or straight into the hub {@code topic}. {@code alertsTopic} is what {@code GET /sse} follows.
 */
public record GeneratorConfig(long delayMillis, String channel, String topic) {

  static GeneratorConfig from(ConfigReader reader) {
    return new GeneratorConfig(
      reader.integer("delaySeconds", 5, 1, 86_400) * 1000L,
      reader.string("channel", "alerts"),
      reader.string("topic", "alerts"));
  }
}
