package io.ssehub.config;

/**
 * Timings of the seed streams that need only the hub core: seed 002's announcer, seed 003's clock and
 * seed 004's v1 and v2 streams. The defaults are the seeds' own.
 */
public record SeedStreamsConfig(
  long announcerPingMillis,
  int maxNicknames,
  long clockPeriodMillis,
  long v1HelloMillis,
  long v1KeepAliveMillis,
  long userKeepAliveMillis) {

  static SeedStreamsConfig from(ConfigReader reader) {
    return new SeedStreamsConfig(
      reader.integer("announcerPingMillis", 1000, 10, 3_600_000),
      reader.integer("maxNicknames", 10_000, 1, 1_000_000),
      reader.integer("clockPeriodMillis", 1000, 10, 3_600_000),
      reader.integer("v1HelloMillis", 15_000, 10, 3_600_000),
      reader.integer("v1KeepAliveMillis", 3000, 10, 3_600_000),
      reader.integer("userKeepAliveMillis", 30_000, 10, 3_600_000));
  }
}
