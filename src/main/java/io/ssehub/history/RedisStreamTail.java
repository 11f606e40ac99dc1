package io.ssehub.history;

import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.config.RedisConfig;
import io.micrometer.core.instrument.Timer;
import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
import io.ssehub.bridge.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the history stream with {@code XREAD BLOCK} on its own connection and hands every entry, in
 * id order, to the node. It resumes from the last id it handed on, so a lost connection loses nothing;
 * it reconnects with back-off and logs an outage once.
 */
final class RedisStreamTail {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamTail.class);
  private static final long BLOCK_MILLIS = 2000;
  private static final int BATCH = 500;

  private final Vertx vertx;
  private final Redis redis;
  private final RedisConfig config;
  private final Timer lag;
  private final Consumer<HubEvent> delivered;
  private final Consumer<EventId> positioned;
  private final Outage outage;
  private RedisConnection connection;
  private EventId lastId;
  private final Promise<Void> firstAttempt = Promise.promise();
  private boolean stopped;

  /** {@code positioned} learns the id the tail starts after: the newest stored id when it first connects. */
  RedisStreamTail(Vertx vertx, Redis redis, RedisConfig config, Links links, Consumer<HubEvent> delivered,
                  Consumer<EventId> positioned) {
    this.vertx = vertx;
    this.redis = redis;
    this.config = config;
    this.delivered = delivered;
    this.positioned = positioned;
    this.outage = links.outage("redis", LOG, "The Redis history stream reader at " + config.url(),
      config.reconnectMinMillis(), config.reconnectMaxMillis());
    this.lag = links.lag("redis");
  }

  /**
   * Starts following; completes once the first attempt to connect has placed the tail (or has failed, and
   * the tail goes on retrying), so that a node is ready only when it can see what is published from then on.
   */
  Future<Void> start() {
    connect();
    return firstAttempt.future();
  }

  void stop() {
    stopped = true;
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  private void connect() {
    if (stopped) {
      return;
    }
    redis.connect()
      .onSuccess(this::connected)
      .onFailure(this::lost);
  }

  private void connected(RedisConnection opened) {
    if (stopped) {
      opened.close();
      return;
    }
    connection = opened;
    opened.exceptionHandler(error -> LOG.debug("History stream connection error: {}", error.getMessage()));
    if (lastId != null) {
      read(opened);
      return;
    }
    opened.send(Request.cmd(Command.HMGET).arg(RedisHistoryStore.clockKey(config)).arg("ms").arg("seq"))
      .onSuccess(clock -> {
        lastId = clock == null || clock.get(0) == null
          ? EventId.ZERO
          : new EventId(clock.get(0).toLong(), clock.get(1).toLong());
        positioned.accept(lastId);
        firstAttempt.tryComplete();
        read(opened);
      })
      .onFailure(this::lost);
  }

  private void read(RedisConnection reading) {
    if (stopped || reading != connection) {
      return;
    }
    reading.send(Request.cmd(Command.XREAD)
        .arg("COUNT").arg(BATCH)
        .arg("BLOCK").arg(BLOCK_MILLIS)
        .arg("STREAMS").arg(config.streamKey()).arg(lastId.toString()))
      .timeout(BLOCK_MILLIS + config.requestTimeoutMillis(), TimeUnit.MILLISECONDS)
      .onSuccess(reply -> {
        outage.recovered();
        received(reply);
        read(reading);
      })
      .onFailure(this::lost);
  }

  private void received(Response reply) {
    if (reply == null) {
      return;
    }
    for (Response stream : reply) {
      for (Response entry : stream.get(1)) {
        HubEvent event = entryToEvent(entry);
        lastId = event.id();
        lag.record(Math.max(0, System.currentTimeMillis() - event.id().millis()), TimeUnit.MILLISECONDS);
        delivered.accept(event);
      }
    }
  }

  static HubEvent entryToEvent(Response entry) {
    Map<String, Response> fields = RedisClients.pairs(entry.get(1));
    Response event = fields.get("event");
    Response data = fields.get("data");
    Response several = fields.get("topics");
    List<String> topics = several == null
      ? List.of(String.valueOf(fields.get("topic")))
      : new JsonArray(several.toString()).stream().map(String::valueOf).toList();
    return new HubEvent(EventId.parse(entry.get(0).toString()), topics, event == null ? null : event.toString(),
      data == null ? "" : data.toString());
  }

  private void lost(Throwable cause) {
    if (stopped) {
      return;
    }
    if (connection != null) {
      connection.close();
      connection = null;
    }
    outage.failed(cause);
    firstAttempt.tryComplete();
    vertx.setTimer(outage.nextDelayMillis(), timer -> connect());
  }
}
