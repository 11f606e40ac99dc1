package io.ssehub.config;

import java.util.Set;

/**
 * The SSE gateway: where it listens, how many instances (event loops) serve it, and the stream
 * settings every connection gets. The system property {@code hub.http.port} overrides {@code gateway.port}, also
 * when the environment sets it ({@link EnvOverlay}), so that one role file serves several nodes on one host.
 *
 * @param keepAliveMillis quiet time after which a stream gets a comment line
 * @param retryMillis the {@code retry:} hint sent when a stream opens
 * @param writeQueueBytes bytes a connection may have queued before it counts as a slow reader and is cut off
 * @param maxBatch events in one batch of {@code POST /publish}; a larger batch is refused whole (413)
 * @param maxReplayBacklog live events held for one stream while its replay is read; beyond this it is cut off
 * @param sseNoDelay whether SSE connections send every event in its own packet at once (TCP_NODELAY), as the
 *   other routes do; by default they leave Nagle's algorithm on, which packs events that come faster than the
 *   client acknowledges into fewer packets, which costs the kernel less per event, for at most one delayed
 *   acknowledgement (40 ms on Linux) of added latency, and none when events are further apart
 * @param headTimeoutMillis time from a connection's opening until its first request head is complete; beyond it
 *   the connection is closed
 * @param bodyTimeoutMillis time from a request head until the end of its body, while no answer has started
 * @param idleTimeoutMillis time a connection may wait after an answer for its next request head (SSE streams are
 *   never idle: their answer has not ended)
 * @param wire how SSE streams write: {@code "public"} through Vert.x's public response API (HTTP/1.1, HTTP/2,
 *   TLS), or {@code "direct"}, HTTP/1.1 chunks written past Vert.x's outbound path, with the public path for any
 *   connection that it cannot serve; {@code gateway.sseNoDelay} applies to direct connections only
 * @param tls the certificate and key for HTTPS with HTTP/2 and HTTP/1.1 by ALPN ({@code gateway.tls}); without
 *   them the port serves cleartext HTTP/1.1
 * @param drainSeconds on SIGTERM, the time over which the open streams are closed, spread evenly, each after a
 *   jittered {@code retry:} hint (0: all at once); the node takes no new stream meanwhile
 * @param h2c whether a cleartext port also serves HTTP/2 (h2c: prior knowledge and the HTTP/1.1 upgrade); off by
 *   default, for what it costs at the edge (docs/tls.md)
 * @param warmUpStreams SSE streams the node opens to itself over loopback before it says it is up, so that its first
 *   clients meet compiled code (0: none)
 * @param warmUpEvents events written to each of those streams, on a topic of the node's own, never stored
 * @param warmUpRequests {@code /ssec} calls the node sends itself before it is up, on a node with the switchboard
 * @param warmUpSettleMillis after the warm-up's traffic, the longest the node waits for the JIT compiler to finish the
 *   work that traffic gave it, before it says it is up (0: no wait)
 * @param warmUpPasses how many times the warm-up's traffic and wait run, each on new streams and a new topic: the
 *   JIT compiles what one pass reaches its thresholds with, and recompiles what the next pass shows it had guessed
 *   wrong, which would otherwise happen under the first clients
 */
public record GatewayConfig(
  String host,
  int port,
  int instances,
  long keepAliveMillis,
  long retryMillis,
  int writeQueueBytes,
  int maxBodyBytes,
  int maxTopicsPerStream,
  int maxBatch,
  int maxReplayBacklog,
  long requestTimeoutMillis,
  String webroot,
  boolean sseNoDelay,
  long headTimeoutMillis,
  long bodyTimeoutMillis,
  long idleTimeoutMillis,
  String wire,
  TlsConfig tls,
  int drainSeconds,
  boolean h2c,
  int warmUpStreams,
  int warmUpEvents,
  int warmUpRequests,
  long warmUpSettleMillis,
  int warmUpPasses) {

  static GatewayConfig from(ConfigReader reader) {
    return new GatewayConfig(
      reader.string("host", "0.0.0.0"),
      portOverride(reader.integer("port", 3000, 1, 65535)),
      reader.integer("instances", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64),
      reader.integer("keepAliveSeconds", 15, 1, 3600) * 1000L,
      reader.integer("retryMillis", 3000, 0, 600_000),
      reader.integer("writeQueueBytes", 256 * 1024, 1024, 64 * 1024 * 1024),
      reader.integer("maxBodyBytes", 64 * 1024, 1, 16 * 1024 * 1024),
      reader.integer("maxTopicsPerStream", 32, 1, 1024),
      reader.integer("maxBatch", 100, 1, 10_000),
      reader.integer("maxReplayBacklog", 10_000, 1, 1_000_000),
      reader.integer("requestTimeoutMillis", 5000, 1, 600_000),
      reader.string("webroot", "webroot"),
      reader.bool("sseNoDelay", false),
      reader.integer("headTimeoutSeconds", 10, 1, 3600) * 1000L,
      reader.integer("bodyTimeoutSeconds", 30, 1, 3600) * 1000L,
      reader.integer("idleTimeoutSeconds", 60, 1, 3600) * 1000L,
      reader.oneOf("wire", "direct", Set.of("public", "direct")),
      TlsConfig.from(reader.section("tls")),
      reader.integer("drainSeconds", 10, 0, 600),
      reader.bool("h2c", false),
      reader.integer("warmUpStreams", 200, 0, 10_000),
      reader.integer("warmUpEvents", 200, 0, 100_000),
      reader.integer("warmUpRequests", 1000, 0, 100_000),
      reader.integer("warmUpSettleMillis", 20_000, 0, 120_000),
      reader.integer("warmUpPasses", 2, 1, 10));
  }

  private static int portOverride(int configured) {
    String value = System.getProperty("hub.http.port");
    if (value == null || value.isBlank()) {
      return configured;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException("hub.http.port is \"" + value + "\"; it must be a port number "
      + "from 1 to 65535");
  }
}
