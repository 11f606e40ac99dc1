package io.ssehub.redis;

import io.ssehub.config.RedisConfig;
import io.ssehub.history.RedisHistoryStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the Redis bridges of all nodes store each channel message once in the shared history (the history in Redis).
 * Every bridge subscribes, also to the bridges' marks channel {@code <streamKey>:marks}, and gives each message its
 * {@link ChannelPositions position}. The bridge that holds the {@link WriterLease} hands its messages to the history;
 * the others keep theirs in a {@link Backlog}, and hand that over when they take the lease. The holder hands its
 * messages over one at a time, in the order received. The history's script
 * stores a message only while its sender holds the lease and only past the last stored position of its channel, so
 * no message is stored twice and a takeover stores exactly what the old holder had not. A bridge competes for the
 * lease only while its subscription knows where it stands.
 */
final class LeasedWriter {

  /** Hands one message to the history as the lease holder {@code token}; completes when the history answered. */
  interface Store {
    Future<?> store(String channel, String payload, String token, String position);
  }

  private static final Logger LOG = LoggerFactory.getLogger(LeasedWriter.class);
  private static final long FAILED_MARK_RETRY_MILLIS = 50;
  private static final String MARK = """
    local marker = redis.call('INCR', KEYS[1])
    redis.call('PUBLISH', KEYS[1], marker)
    return marker""";

  private final Vertx vertx;
  private final Redis redis;
  private final String marks;
  private final long markRetryMillis;
  private final Store store;
  private final WriterLease lease;
  private final ChannelPositions positions = new ChannelPositions();
  private final Backlog backlog;
  private Promise<Void> positioned = Promise.promise();
  private long markTimer = -1;
  private boolean subscribed;
  private boolean storing;

  LeasedWriter(Vertx vertx, Redis redis, RedisConfig config, Store store) {
    this.vertx = vertx;
    this.redis = redis;
    this.marks = config.streamKey() + ":marks";
    this.markRetryMillis = Math.max(1, config.writerLeaseMillis() / 3);
    this.store = store;
    this.lease = new WriterLease(vertx, redis, config, RedisHistoryStore.writerLeaseKey(config), marks,
      this::leaseChanged);
    this.backlog = new Backlog(3 * config.writerLeaseMillis());
  }

  /** The bridges' own channel, subscribed to on the same connection as the configured ones. */
  String marksChannel() {
    return marks;
  }

  /**
   * The subscription is confirmed: publishes a marker (again every third of the lease until one arrives). Completes
   * once this bridge knows where it stands and has tried for the lease once.
   */
  Future<Void> subscribed() {
    subscribed = true;
    positions.forget();
    positioned = Promise.promise();
    mark();
    return positioned.future().compose(v -> lease.compete());
  }

  /** The subscription is gone: what it gave is dropped, and the lease given up for a bridge that still hears. */
  void unsubscribed() {
    subscribed = false;
    positioned.tryFail("the subscription was lost before a marker arrived");
    positions.forget();
    backlog.clear();
    vertx.cancelTimer(markTimer);
    lease.withdraw();
  }

  void received(String channel, String payload) {
    if (marks.equals(channel)) {
      notice(payload);
      return;
    }
    String position = positions.next(channel);
    if (position == null) {
      LOG.debug("A message on Redis channel {} came before this bridge's first marker; other bridges store it", channel);
      return;
    }
    backlog.add(channel, payload, position);
    if (lease.held()) {
      handOver();
    }
  }

  Future<Void> stop() {
    subscribed = false;
    vertx.cancelTimer(markTimer);
    return lease.stop();
  }

  private void notice(String payload) {
    if (WriterLease.RELEASED.equals(payload)) {
      lease.tryNow();
      return;
    }
    try {
      positions.marked(Long.parseLong(payload));
      vertx.cancelTimer(markTimer);
      positioned.tryComplete();
    } catch (NumberFormatException e) {
      LOG.debug("Ignored a message on the bridges' channel {}: {}", marks, payload);
    }
  }

  /** Publishes a marker; again soon if that failed, else after a third of the lease if none has arrived by then. */
  private void mark() {
    if (!subscribed || positions.known()) {
      return;
    }
    redis.send(Request.cmd(Command.EVAL).arg(MARK).arg(1).arg(marks))
      .onFailure(failure -> LOG.debug("No marker published on {}: {}", marks, failure.getMessage()))
      .onComplete(done -> {
        vertx.cancelTimer(markTimer);
        if (subscribed && !positions.known()) {
          markTimer = vertx.setTimer(done.succeeded() ? markRetryMillis : FAILED_MARK_RETRY_MILLIS, id -> mark());
        }
      });
  }

  private void leaseChanged(boolean held) {
    if (held) {
      handOver();
    }
  }

  /**
   * Hands the kept messages to the history one at a time, each after the history answered the one before: the
   * script skips a position at or before the last stored one, so two in flight on different paths (another node's
   * history, another connection) could overtake each other and the earlier one be skipped.
   */
  private void handOver() {
    if (storing || !lease.held()) {
      return;
    }
    Backlog.Message message = backlog.take();
    if (message == null) {
      return;
    }
    storing = true;
    store.store(message.channel(), message.payload(), lease.token(), message.position())
      .onComplete(done -> {
        storing = false;
        handOver();
      });
  }
}
