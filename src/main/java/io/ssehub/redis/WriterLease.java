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
 * token of the one bridge, among all nodes, that stores the channel messages. A bridge that may write (its
 * subscription knows where it stands, see {@link ChannelPositions}) renews the lease every third of
 * {@code redis.writerLeaseMillis} if it holds it, and otherwise tries to take it as soon as the holder's expiry is
 * due. A bridge that has competed for less than {@code writerLeaseMillis} waits a third of it longer before it takes
 * a free lease, so that one that has kept messages for longer (see {@link Backlog}) takes over first. Giving it up (a clean stop, a lost subscription) publishes {@code released} on {@code notices}, so that the
 * other bridges try at once. {@code onChange} hears when this bridge gains or loses the lease. The history's write
 * script checks the token in the same step as it stores, so a bridge whose lease lapsed stores nothing.
 */
final class WriterLease {

  static final String RELEASED = "released";
  private static final Logger LOG = LoggerFactory.getLogger(WriterLease.class);
  private static final String HELD = "held";
  private static final String TAKE_OR_RENEW = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 'held'
    end
    if ARGV[3] == '1' and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
      return 'held'
    end
    return redis.call('PTTL', KEYS[1])""";
  private static final String RELEASE = """
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      redis.call('DEL', KEYS[1])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
    end
    return 0""";

  private final Vertx vertx;
  private final Redis redis;
  private final String key;
  private final String notices;
  private final long leaseMillis;
  private final Consumer<Boolean> onChange;
  private final String token = UUID.randomUUID().toString();
  private long timer = -1;
  private long competingSince;
  private long mayTakeFrom = Long.MAX_VALUE;
  private boolean eligible;
  private boolean held;
  private boolean stopped;

  WriterLease(Vertx vertx, Redis redis, RedisConfig config, String key, String notices, Consumer<Boolean> onChange) {
    this.vertx = vertx;
    this.redis = redis;
    this.key = key;
    this.notices = notices;
    this.leaseMillis = config.writerLeaseMillis();
    this.onChange = onChange;
  }

  /** From now on this bridge competes for the lease; completes after the first try, whatever it found. */
  Future<Void> compete() {
    if (!eligible) {
      competingSince = System.currentTimeMillis();
      mayTakeFrom = Long.MAX_VALUE;
    }
    eligible = true;
    return tryNow();
  }

  /** Takes or renews the lease now, unless this bridge does not compete; then again when it is due. */
  Future<Void> tryNow() {
    vertx.cancelTimer(timer);
    if (stopped || !eligible) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.EVAL).arg(TAKE_OR_RENEW).arg(1).arg(key).arg(token).arg(leaseMillis)
        .arg(mayTake() ? "1" : "0"))
      .map(this::nextTryMillis)
      .otherwise(leaseMillis / 3)
      .onSuccess(this::scheduleNextTry)
      .mapEmpty();
  }

  /** Stops competing and gives the lease up at once, so that another node's bridge takes over without waiting. */
  Future<Void> withdraw() {
    eligible = false;
    vertx.cancelTimer(timer);
    if (!held) {
      return Future.succeededFuture();
    }
    changed(false);
    return release();
  }

  /** Withdraws for good: no later try. */
  Future<Void> stop() {
    stopped = true;
    return withdraw();
  }

  /** The token the history's write script compares with the key. */
  String token() {
    return token;
  }

  boolean held() {
    return held;
  }

  private Future<Void> release() {
    return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(key).arg(token).arg(notices).arg(RELEASED))
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  /** A free lease is for a bridge that has competed for a whole lease, or that saw it free a third of one ago. */
  private boolean mayTake() {
    long now = System.currentTimeMillis();
    return now - competingSince >= leaseMillis || now >= mayTakeFrom;
  }

  /**
   * Records what the try found and says when to try next: a third of the lease if held, else at the expiry (for a
   * bridge that may not take it yet: a third of the lease after it), and never later than a third of the lease.
   */
  private long nextTryMillis(Response reply) {
    boolean nowHeld = reply != null && HELD.equals(reply.toString());
    long third = Math.max(1, leaseMillis / 3);
    if (nowHeld && (stopped || !eligible)) {
      release();
      return third;
    }
    changed(nowHeld);
    if (nowHeld || reply == null) {
      return third;
    }
    long expiresIn = reply.toLong();
    if (expiresIn == -1) {
      return third;
    }
    long dueIn = Math.max(0, expiresIn) + 1;
    if (mayTake()) {
      return Math.min(third, dueIn);
    }
    mayTakeFrom = Math.min(mayTakeFrom, System.currentTimeMillis() + dueIn + third);
    return Math.max(1, Math.min(third, mayTakeFrom - System.currentTimeMillis()));
  }

  private void scheduleNextTry(long delayMillis) {
    if (!stopped && eligible) {
      vertx.cancelTimer(timer);
      timer = vertx.setTimer(delayMillis, id -> tryNow());
    }
  }

  private void changed(boolean nowHeld) {
    if (nowHeld == held) {
      return;
    }
    held = nowHeld;
    LOG.info(nowHeld
      ? "This node's Redis bridge now holds the writer lease {}: it stores the channel messages"
      : "This node's Redis bridge no longer holds the writer lease {}: another node's stores the channel messages", key);
    onChange.accept(nowHeld);
  }
}
