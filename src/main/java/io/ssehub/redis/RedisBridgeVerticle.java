package io.ssehub.redis;

import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
import io.ssehub.bridge.RedisClients;
import io.ssehub.bus.Publisher;
import io.ssehub.config.RedisConfig;
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
 * history in memory, each node's bridge delivers every message to its own clients. With the history in Redis,
 * every node's bridge subscribes too, but each message is stored once, by the bridge that holds the writer lease
 * ({@link LeasedWriter}), and every node delivers it from the shared stream; the others keep what they receive
 * until they know it is stored, so that a takeover after the holder died or stopped stores what it had not
 * (see docs/redis.md).
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
  private LeasedWriter writer;
  private final Promise<Void> firstAttempt = Promise.promise();
  private boolean connecting;
  private boolean stopped;

  public RedisBridgeVerticle(RedisConfig config, Links links) {
    this.config = config;
    this.links = links;
  }

  /**
   * Completes once the first subscription attempt is over: subscribed (with the history in Redis: and the bridge
   * knows where it stands and has tried for the lease once), or failed and retrying in the background.
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
    if (config.historyInRedis()) {
      writer = new LeasedWriter(vertx, redis, config, this::storeAsWriter);
    }
    connect();
    return firstAttempt.future();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    Future<Void> released = writer == null ? Future.succeededFuture() : writer.stop();
    return released.compose(v -> redis.close());
  }

  private void connect() {
    if (stopped || connecting || connection != null) {
      return;
    }
    connecting = true;
    redis.connect()
      .compose(this::subscribe)
      .compose(v -> writer == null ? Future.succeededFuture() : writer.subscribed())
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
    if (writer != null) {
      subscribe.arg(writer.marksChannel());
    }
    return opened.send(subscribe);
  }

  private void received(Response push) {
    if (push.size() < 3 || !"message".equals(push.get(0).toString())) {
      return;
    }
    String channel = push.get(1).toString();
    String payload = push.get(2).toString(StandardCharsets.UTF_8);
    if (writer != null) {
      writer.received(channel, payload);
    } else {
      report(channel, publisher.publish(channel, null, payload));
    }
  }

  private Future<String> storeAsWriter(String channel, String payload, String token, String position) {
    return report(channel, publisher.publishAsWriter(channel, payload, token, position));
  }

  /** Logs what the history did with one message; a null id is one that another node's bridge stored. */
  private Future<String> report(String channel, Future<String> published) {
    return published.onSuccess(id -> hubOutage.recovered())
      .onSuccess(id -> {
        if (id == null) {
          LOG.debug("A message on Redis channel {} was stored by another node's bridge, or this one's lease lapsed",
            channel);
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
    if (writer != null) {
      writer.unsubscribed();
    }
    redisOutage.failed(cause);
    vertx.setTimer(redisOutage.nextDelayMillis(), timer -> connect());
  }
}
