package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.function.Predicate;

/** A test's own Redis client: publishes, and waits (bounded) until Redis shows what the hub has done. */
public final class RedisProbe {

  private static final long WAIT_MILLIS = 30_000;

  private final Vertx vertx;
  private final Redis redis;

  public RedisProbe(Vertx vertx, RedisServer server) {
    this.vertx = vertx;
    this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
  }

  public Redis client() {
    return redis;
  }

  public Future<Response> send(Command command, Object... args) {
    Request request = Request.cmd(command);
    for (Object arg : args) {
      request.arg(String.valueOf(arg));
    }
    return redis.send(request);
  }

  public Future<Response> publish(String channel, String message) {
    return send(Command.PUBLISH, channel, message);
  }

  /** Completes once {@code count} connections (the nodes' bridges) are subscribed to {@code channel}. */
  public Future<Void> awaitSubscribers(String channel, int count) {
    return awaitReply(() -> send(Command.PUBSUB, "NUMSUB", channel), reply -> reply.get(1).toInteger() >= count);
  }

  /**
   * Completes once a node's Redis bridge holds the writer lease of the history stream {@code streamKey}: from then on
   * a message on a bridged channel is stored (a bridge takes the lease only once its subscription knows where each
   * message stands, so subscribers alone are not enough).
   */
  public Future<Void> awaitWriterLease(String streamKey) {
    return awaitReply(() -> send(Command.EXISTS, streamKey + ":writer"), reply -> reply.toInteger() == 1);
  }

  /** Polls {@code query} every 100 ms until its reply passes {@code done}; fails after 30 s. */
  public Future<Void> awaitReply(java.util.function.Supplier<Future<Response>> query, Predicate<Response> done) {
    Promise<Void> promise = Promise.promise();
    poll(query, done, promise, System.currentTimeMillis() + WAIT_MILLIS);
    return promise.future();
  }

  private void poll(java.util.function.Supplier<Future<Response>> query, Predicate<Response> done, Promise<Void> promise,
                    long deadline) {
    query.get().onComplete(result -> {
      if (result.succeeded() && done.test(result.result())) {
        promise.complete();
      } else if (System.currentTimeMillis() > deadline) {
        promise.fail("Redis did not reach the expected state within " + WAIT_MILLIS + " ms");
      } else {
        vertx.setTimer(100, timer -> poll(query, done, promise, deadline));
      }
    });
  }

  public Future<Void> close() {
    return redis.close();
  }
}
