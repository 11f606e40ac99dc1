package io.ssehub.redis;

import io.ssehub.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Redis bridges' writer lease, when the history is in Redis: one key ({@code <streamKey>:writer}) that holds the
 * token of the one bridge, among all nodes, that subscribes and stores the channel messages. Every third of
 * {@code redis.writerLeaseMillis} each bridge runs one script that renews the lease if it holds it, or takes it if
 * nobody does; {@code onChange} hears when this bridge gains or loses it. The history's write script checks the
 * token in the same step as it stores, so a bridge whose lease lapsed (paused, cut off) stores nothing.
 */
final class WriterLease {

  private static final Logger LOG = LoggerFactory.getLogger(WriterLease.class);
  private static final String TAKE_OR_RENEW = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      return redis.call('PEXPIRE', KEYS[1], ARGV[2])
    end
    if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
      return 1
    end
    return 0""";
  private static final String RELEASE = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      return redis.call('DEL', KEYS[1])
    end
    return 0""";

  private final Vertx vertx;
  private final Redis redis;
  private final String key;
  private final long leaseMillis;
  private final Consumer<Boolean> onChange;
  private final String token = UUID.randomUUID().toString();
  private long timer = -1;
  private boolean held;

  WriterLease(Vertx vertx, Redis redis, RedisConfig config, String key, Consumer<Boolean> onChange) {
    this.vertx = vertx;
    this.redis = redis;
    this.key = key;
    this.leaseMillis = config.writerLeaseMillis();
    this.onChange = onChange;
  }

  /** Tries once now, then every third of the lease; completes after the first try, whatever it found. */
  Future<Void> start() {
    timer = vertx.setPeriodic(Math.max(1, leaseMillis / 3), id -> takeOrRenew());
    return takeOrRenew();
  }

  /** Stops renewing and gives the lease up at once, so that another node's bridge takes over without waiting. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    if (!held) {
      return Future.succeededFuture();
    }
    changed(false);
    return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(key).arg(token))
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  /** The token the history's write script compares with the key. */
  String token() {
    return token;
  }

  boolean held() {
    return held;
  }

  private Future<Void> takeOrRenew() {
    return redis.send(Request.cmd(Command.EVAL).arg(TAKE_OR_RENEW).arg(1).arg(key).arg(token).arg(leaseMillis))
      .map(this::holds)
      .otherwise(false)
      .onSuccess(this::changed)
      .mapEmpty();
  }

  private boolean holds(Response reply) {
    return reply != null && reply.toLong() == 1;
  }

  private void changed(boolean nowHeld) {
    if (nowHeld == held) {
      return;
    }
    held = nowHeld;
    LOG.info(nowHeld
      ? "This node's Redis bridge now holds the writer lease {}: it subscribes and stores the channel messages"
      : "This node's Redis bridge no longer holds the writer lease {}: another node's stores the channel messages", key);
    onChange.accept(nowHeld);
  }
}
