package io.ssehub.config;

/**
 * What one node accepts before it refuses. The publish body size and the topics per stream are
 * {@code gateway.maxBodyBytes} and {@code gateway.maxTopicsPerStream}; this section adds the rest.
 *
 * @param maxConnections SSE streams open on this node at once; beyond it a new stream gets 503
 * @param maxConnectionsPerAddress SSE streams open from one client address; beyond it 429 (0: no limit)
 * @param retryAfterSeconds the {@code Retry-After} sent with those 503 and 429 answers
 * @param maxEventBytes largest event data (UTF-8 bytes) from any source, HTTP, Redis or Kafka; beyond it 413
 * @param maxHttpConnections HTTP connections of any kind (SSE streams included) open on this node at once;
 *   beyond it a new connection is closed at once
 * @param publishRate publish requests per second that one client (its token's subject when auth is on, else its
 *   address) may make, as a token bucket refilled at this rate; beyond it 429 (0: no limit)
 * @param publishBurst publish requests one client may make at once before {@code publishRate} applies: the
 *   bucket's size
 */
public record LimitsConfig(int maxConnections, int maxConnectionsPerAddress, int retryAfterSeconds, int maxEventBytes,
                           int maxHttpConnections, int publishRate, int publishBurst) {

  static LimitsConfig from(ConfigReader reader) {
    return new LimitsConfig(
      reader.integer("maxConnections", 15_000, 1, 1_000_000),
      reader.integer("maxConnectionsPerAddress", 0, 0, 1_000_000),
      reader.integer("retryAfterSeconds", 5, 1, 3600),
      reader.integer("maxEventBytes", 1024 * 1024, 1, 64 * 1024 * 1024),
      reader.integer("maxHttpConnections", 18_000, 1, 1_000_000),
      reader.integer("publishRate", 0, 0, 1_000_000),
      reader.integer("publishBurst", 20, 1, 1_000_000));
  }
}
