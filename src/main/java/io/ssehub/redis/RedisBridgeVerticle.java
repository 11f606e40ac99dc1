package io.ssehub.redis;

import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Redis pub/sub into the hub: subscribes to the channels in {@code redis.subscribe} and publishes each
 * message, data unchanged and unnamed, into the hub topic of the same name. Every node runs one; when the
 * history is in Redis, the copies that each node's bridge receives share a dedupe key (channel and a hash of
 * the message) so that the shared history stores the message once.
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
  private final Promise<Void> firstAttempt = Promise.promise();
  private boolean stopped;

  public RedisBridgeVerticle(RedisConfig config, Links links) {
    this.config = config;
    this.links = links;
  }

  /** Completes once the first subscription attempt is over: subscribed, or failed and retrying in the background. */
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
    connect();
    return firstAttempt.future();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return redis.close();
  }

  private void connect() {
    if (stopped) {
      return;
    }
    redis.connect()
      .compose(this::subscribe)
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
    Future<String> published = config.historyInRedis()
      ? publisher.publishOnce(channel, null, payload, channel + ":" + sha256(payload))
      : publisher.publish(channel, null, payload);
    published.onSuccess(id -> hubOutage.recovered())
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

  private static String sha256(String payload) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
