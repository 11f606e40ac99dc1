package io.ssehub.config;

/**
 * Seed 004 v4's reports. They live in the H2 MVStore file {@code storeFile} (relative to the working
 * directory) unless a {@code redis} section is given; then in that Redis server, shared by every node
 * that names it.
 *
 * <p>Keys: {@code storeFile} (default {@code data/reports.mv.db}), {@code keepAliveMillis} (quiet time
 * before a {@code : keep-alive-text} comment on {@code /v4/sse}, default 30000, the seed's),
 * {@code requestTimeoutMillis} (store and publish calls, default 5000), and {@code redis} with
 * {@code connectionString} (default {@code redis://127.0.0.1:6379}) and {@code keyPrefix}
 * (default {@code sse-hub:reports:}).
 *
 * @param redis null when reports are kept in the MVStore file
 */
public record ReportsConfig(String storeFile, long keepAliveMillis, long requestTimeoutMillis, RedisStore redis) {

  /** The Redis server that holds the reports and the prefix of their keys. */
  public record RedisStore(String connectionString, String keyPrefix) {

    /** The connection string with its password masked ({@link Redacted#url}), as logs may show it. */
    @Override
    public String toString() {
      return Redacted.url(connectionString);
    }
  }

  static ReportsConfig from(ConfigReader reader) {
    return new ReportsConfig(
      reader.string("storeFile", "data/reports.mv.db"),
      reader.integer("keepAliveMillis", 30_000, 10, 3_600_000),
      reader.integer("requestTimeoutMillis", 5000, 1, 600_000),
      reader.has("redis") ? redis(reader.section("redis")) : null);
  }

  private static RedisStore redis(ConfigReader reader) {
    return new RedisStore(
      reader.string("connectionString", "redis://127.0.0.1:6379"),
      reader.string("keyPrefix", "sse-hub:reports:"));
  }
}
