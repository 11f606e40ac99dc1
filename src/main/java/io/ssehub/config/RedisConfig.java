package io.ssehub.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Redis connection and what the hub does with it. Redis is used only when {@code url} is set; with
 * no {@code redis} section the node needs no external service.
 *
 * @param url connection string such as {@code redis://127.0.0.1:6379}; null when Redis is not configured
 * @param subscribe Redis pub/sub channels bridged into the hub topic of the same name
 * @param mirror hub topics whose events are published, data only, to the Redis channel of the same name
 * @param history keep topic history in a Redis Stream shared by every node (default true)
 * @param streamKey the one Redis Stream that holds the history of every topic
 * @param streamMaxLen bound of that stream ({@code XADD ... MAXLEN ~})
 * @param writerLeaseMillis with the history in Redis, one node's bridge at a time holds the writer lease and
 *   stores the channel messages; it renews the lease every third of this, and another node's bridge takes over
 *   when it lapses
 * @param reconnectMinMillis first delay before reconnecting after Redis went away; it doubles up to
 *   {@code reconnectMaxMillis}
 */
public record RedisConfig(
  String url,
  List<String> subscribe,
  List<String> mirror,
  boolean history,
  String streamKey,
  int streamMaxLen,
  long writerLeaseMillis,
  long reconnectMinMillis,
  long reconnectMaxMillis,
  long requestTimeoutMillis) {

  static RedisConfig from(ConfigReader reader) {
    RedisConfig config = new RedisConfig(
      reader.string("url", null),
      reader.strings("subscribe", List.of()),
      reader.strings("mirror", List.of()),
      reader.bool("history", true),
      reader.string("streamKey", "ssehub:events"),
      reader.integer("streamMaxLen", 10_000, 10, 10_000_000),
      reader.integer("writerLeaseMillis", 3000, 300, 600_000),
      reader.integer("reconnectMinMillis", 100, 10, 60_000),
      reader.integer("reconnectMaxMillis", 5000, 10, 600_000),
      reader.integer("requestTimeoutMillis", 5000, 1, 600_000));
    Set<String> loop = new HashSet<>(config.subscribe);
    loop.retainAll(config.mirror);
    if (!loop.isEmpty()) {
      throw reader.invalid("mirror", "names " + loop + ", which 'redis.subscribe' also bridges in: that would loop");
    }
    if ((config.url == null) && (!config.subscribe.isEmpty() || !config.mirror.isEmpty())) {
      throw reader.invalid("url", "is needed when 'redis.subscribe' or 'redis.mirror' is set");
    }
    return config;
  }

  /** The record with the URL's password masked ({@link Redacted#url}), so that a logged config shows none. */
  @Override
  public String toString() {
    return "RedisConfig[url=" + Redacted.url(url) + ", subscribe=" + subscribe + ", mirror=" + mirror
      + ", history=" + history + ", streamKey=" + streamKey + ", streamMaxLen=" + streamMaxLen
      + ", writerLeaseMillis=" + writerLeaseMillis + ", reconnectMinMillis=" + reconnectMinMillis
      + ", reconnectMaxMillis=" + reconnectMaxMillis + ", requestTimeoutMillis=" + requestTimeoutMillis + "]";
  }

  /** True when a Redis server is configured. */
  public boolean enabled() {
    return url != null;
  }

  /** True when topic history lives in Redis rather than in this node's memory. */
  public boolean historyInRedis() {
    return enabled() && history;
  }
}
