package io.ssehub.config;

/**
 * Per-topic event history for {@code Last-Event-ID} replay, bounded both by count and by age.
 */
public record HistoryConfig(int maxEvents, long maxAgeMillis, long sweepMillis) {

  static HistoryConfig from(ConfigReader reader) {
    return new HistoryConfig(
      reader.integer("maxEvents", 1000, 1, 1_000_000),
      reader.integer("maxAgeSeconds", 3600, 1, 30 * 24 * 3600) * 1000L,
      reader.integer("sweepSeconds", 10, 1, 3600) * 1000L);
  }
}
