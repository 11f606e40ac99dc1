package io.ssehub.redis;

import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
import io.ssehub.bridge.RedisClients;
import io.ssehub.bus.Addresses;
import io.ssehub.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Hub topics out to Redis, when the history is this node's own: each event of a topic in
 * {@code redis.mirror} is published, data only, to the Redis channel of the same name. (With the history in
 * Redis, the history store does this as it stores the event, once for all nodes, and this verticle is not
 * deployed.) Consumes {@code hub.topic.<name>} for those topics.
 */
public class RedisMirrorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RedisMirrorVerticle.class);

  private final RedisConfig config;
  private final Links links;
  private Redis redis;
  private Outage outage;
  private Future<Void> lastPublish = Future.succeededFuture();

  public RedisMirrorVerticle(RedisConfig config, Links links) {
    this.config = config;
    this.links = links;
  }

  @Override
  public Future<?> start() {
    redis = RedisClients.create(vertx, config);
    outage = links.outage("redis", LOG, "The Redis mirror " + config.mirror() + " at " + config.url(), 0, 0);
    List<Future<Void>> consumers = config.mirror().stream()
      .map(topic -> vertx.eventBus().<JsonObject>consumer(Addresses.topic(topic), this::mirror).completion())
      .toList();
    return Future.all(consumers);
  }

  @Override
  public Future<?> stop() {
    return redis.close();
  }

  /**
   * One PUBLISH at a time, each after the one before has been answered: the pooled client may put two sends on
   * two connections, and Redis would then publish them in either order.
   */
  private void mirror(Message<JsonObject> message) {
    JsonObject event = message.body();
    Request publish = Request.cmd(Command.PUBLISH).arg(event.getString("topic")).arg(event.getString("data", ""));
    lastPublish = lastPublish.transform(previous -> redis.send(publish)
      .onSuccess(count -> outage.recovered())
      .onFailure(outage::failed)
      .<Void>mapEmpty()
      .otherwise((Void) null));
  }
}
