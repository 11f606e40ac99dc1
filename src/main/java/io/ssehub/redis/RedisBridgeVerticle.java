package io.ssehub.redis;

import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
import io.ssehub.bus.Publisher;
import io.ssehub.config.RedisConfig;
import io.ssehub.history.RedisHistoryStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Redis pub/sub into the hub: subscribes to the channels in {@code redis.subscribe} and publishes each
 * message, data unchanged and unnamed, into the hub topic of the same name. Every node runs one. With the
 * history in memory, each node's bridge subscribes and delivers every message to its own clients. With the
 * history in Redis, only the bridge that holds the {@link WriterLease} subscribes and stores each message, once;
 * every node then delivers it from the shared stream. When that node dies, its lease lapses within
 * {@code redis.writerLeaseMillis} and another node's bridge takes it over and subscribes: messages published in
 * between are not seen by any node (see docs/redis.md), none is stored twice. A clean stop hands over at once.
 *
 * <p>When Redis goes away it logs once, reconnects with back-off ({@code redis.reconnectMinMillis} to
 * {@code redis.reconnectMaxMillis}) and subscribes again; messages published while it was away are not
 * seen, as with any Redis subscriber. Sends to {@code hub.publish}.
 */
public class RedisBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBridgeVerticle.class);

  private final RedisConfig config;
  private final Links links;
  private Redis redis;
  private Publisher publisher;
  private Outage redisOutage;
  private Outage hubOutage;
  private RedisConnection connection;
  private WriterLease lease;
  private final Promise<Void> firstAttempt = Promise.promise();
  private boolean connecting;
  private boolean stopped;

  public RedisBridgeVerticle(RedisConfig config, Links links) {
    this.config = config;
    this.links = links;
  }

  /**
   * Completes once the first subscription attempt is over: subscribed, or failed and retrying in the background;
   * with the history in Redis, once the first try for the lease is over, and, if it got it, that attempt too.
   */
  @Override
  public Future<?> start() {
    redis = RedisClients.create(vertx, config);
    publisher = new Publisher(vertx, config.requestTimeoutMillis());
    redisOutage = links.outage("redis", LOG, "The Redis bridge " + config.subscribe() + " at " + config.url(), config.reconnectMinMillis(),
      config.reconnectMaxMillis());
    hubOutage = links.outage("history", LOG, "The hub's history (for the Redis bridge)", 0, 0);
    if (config.subscribe().isEmpty()) {
      return Future.succeededFuture();
    }
    if (!config.historyInRedis()) {
      connect();
      return firstAttempt.future();
    }
    lease = new WriterLease(vertx, redis, config, RedisHistoryStore.writerLeaseKey(config), this::leaseChanged);
    return lease.start()
      .compose(v -> lease.held() ? firstAttempt.future() : Future.succeededFuture());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    Future<Void> released = lease == null ? Future.succeededFuture() : lease.stop();
    return released.compose(v -> redis.close());
  }

  private void leaseChanged(boolean held) {
    if (held) {
      connect();
    } else if (connection != null) {
      RedisConnection subscribed = connection;
      connection = null;
      subscribed.close();
    }
  }

  /** Whether this bridge subscribes now: always with the history in memory, else while it holds the lease. */
  private boolean subscribes() {
    return !stopped && (lease == null || lease.held());
  }

  private void connect() {
    if (!subscribes() || connecting || connection != null) {
      return;
    }
    connecting = true;
    redis.connect()
      .compose(this::subscribe)
      .onComplete(v -> connecting = false)
      .onSuccess(v -> redisOutage.recovered())
      .onFailure(this::lost)
      .onComplete(v -> firstAttempt.tryComplete());
  }

  private Future<Response> subscribe(RedisConnection opened) {
    connection = opened;
    opened.handler(this::received);
    opened.exceptionHandler(error -> lost(opened, error));
    opened.endHandler(v -> lost(opened, null));
    Request subscribe = Request.cmd(Command.SUBSCRIBE);
    config.subscribe().forEach(subscribe::arg);
    return opened.send(subscribe);
  }

  private void received(Response push) {
    if (push.size() < 3 || !"message".equals(push.get(0).toString())) {
      return;
    }
    String channel = push.get(1).toString();
    String payload = push.get(2).toString(StandardCharsets.UTF_8);
    Future<String> published = lease != null
      ? publisher.publishAsWriter(channel, null, payload, lease.token())
      : publisher.publish(channel, null, payload);
    published.onSuccess(id -> hubOutage.recovered())
      .onSuccess(id -> {
        if (id == null) {
          LOG.warn("Did not store a message on Redis channel {}: this node's writer lease had lapsed", channel);
        }
      })
      .onFailure(failure -> {
        if (failure instanceof ReplyException refused && refused.failureCode() == 413) {
          LOG.warn("Dropped a message on Redis channel {} because {}", channel, refused.getMessage());
        } else {
          hubOutage.failed(failure);
        }
      });
  }

  private void lost(Throwable cause) {
    lost(connection, cause);
  }

  private void lost(RedisConnection failed, Throwable cause) {
    if (stopped || failed != connection) {
      return;
    }
    connection = null;
    if (failed != null) {
      failed.close();
    }
    redisOutage.failed(cause);
    vertx.setTimer(redisOutage.nextDelayMillis(), timer -> connect());
  }
}
