package io.ssehub.generator;

import io.ssehub.alerts.PythonJson;
import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
import io.ssehub.bridge.RedisClients;
import io.ssehub.bus.Publisher;
import io.ssehub.config.GeneratorConfig;
import io.ssehub.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001's generator: every {@code generator.delaySeconds} an alert
 * {@code {"key": "<1-10>", "message": "Sending Message: <random>"}}, as Python's {@code json.dumps} writes
 * it. With Redis configured it is published to the Redis channel {@code generator.channel}, from which every
 * node's bridge takes it; without Redis it goes straight into the hub topic {@code generator.topic}.
 */
public class GeneratorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GeneratorVerticle.class);

  private final GeneratorConfig config;
  private final RedisConfig redisConfig;
  private final Links links;
  private Redis redis;
  private Publisher publisher;
  private Outage outage;

  public GeneratorVerticle(GeneratorConfig config, RedisConfig redisConfig, Links links) {
    this.config = config;
    this.links = links;
    this.redisConfig = redisConfig;
  }

  @Override
  public Future<?> start() {
    if (redisConfig.enabled()) {
      redis = RedisClients.create(vertx, redisConfig);
    } else {
      publisher = new Publisher(vertx, config.delayMillis());
    }
    outage = links.outage("redis", LOG, "The generator's Redis at " + redisConfig.url(), config.delayMillis(),
      config.delayMillis());
    vertx.setPeriodic(config.delayMillis(), tick -> generate());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return redis == null ? Future.succeededFuture() : redis.close();
  }

  /** The seed's message: {@code key = str(random.randint(1, 10))}, {@code message = f'Sending Message: {random.random()}'}. */
  static String alert() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    JsonObject alert = new JsonObject()
      .put("key", String.valueOf(random.nextInt(1, 11)))
      .put("message", "Sending Message: " + PythonJson.pythonFloat(random.nextDouble()));
    return PythonJson.dumps(alert);
  }

  private void generate() {
    String alert = alert();
    Future<?> sent = redis != null
      ? redis.send(Request.cmd(Command.PUBLISH).arg(config.channel()).arg(alert))
      : publisher.publish(config.topic(), null, alert);
    sent.onSuccess(v -> outage.recovered())
      .onFailure(outage::failed);
  }
}
