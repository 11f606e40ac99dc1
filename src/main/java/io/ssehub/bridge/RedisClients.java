package io.ssehub.bridge;

import io.ssehub.config.RedisConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.Map;

/**
 * Creates Redis clients the same way everywhere (RESP2, so that replies have one shape; a short connect
 * timeout, so that an outage shows quickly), and reads the replies the hub uses.
 */
public final class RedisClients {

  private static final int CONNECT_TIMEOUT_MILLIS = 2000;

  /** The most connections one client keeps open at once. */
  public static final int POOL_SIZE = 8;

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, RedisConfig config) {
    RedisOptions options = new RedisOptions()
      .setConnectionString(config.url())
      .setPreferredProtocolVersion(ProtocolVersion.RESP2)
      .setMaxPoolSize(POOL_SIZE)
      .setMaxPoolWaiting(1024)
      .setMaxWaitingHandlers(4096)
      .setNetClientOptions(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setTcpNoDelay(true));
    return Redis.createClient(vertx, options);
  }

  /** A RESP2 flat array {@code [k1, v1, k2, v2, ..]} as a map. */
  public static Map<String, Response> pairs(Response flat) {
    Map<String, Response> map = new HashMap<>();
    if (flat == null) {
      return map;
    }
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put(flat.get(i).toString(), flat.get(i + 1));
    }
    return map;
  }
}
