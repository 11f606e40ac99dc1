package io.ssehub.kafka;

import io.ssehub.bridge.Outage;
import io.ssehub.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;

/**
 * Asks the brokers every {@code kafka.idleCheckMillis} whether they answer (a cluster description, which must come
 * within {@code kafka.checkTimeoutMillis}), and tells the Kafka link's {@link Outage}: so an outage shows in the
 * log and on {@code /ready} within about the sum of the two, whether records are flowing or not. The consumer
 * cannot tell: its polls just come back empty while the brokers are away.
 */
final class BrokerWatch {

  private final Vertx vertx;
  private final KafkaConfig config;
  private final Outage kafka;
  private KafkaAdminClient admin;
  private long timer = -1;
  private boolean asking;

  BrokerWatch(Vertx vertx, KafkaConfig config, Outage kafka) {
    this.vertx = vertx;
    this.config = config;
    this.kafka = kafka;
  }

  void start() {
    admin = KafkaAdminClient.create(vertx, KafkaClientSettings.admin(config));
    timer = vertx.setPeriodic(config.idleCheckMillis(), id -> ask());
  }

  Future<Void> stop() {
    vertx.cancelTimer(timer);
    return admin == null ? Future.succeededFuture() : admin.close();
  }

  private void ask() {
    if (asking) {
      return;
    }
    asking = true;
    admin.describeCluster()
      .onSuccess(cluster -> kafka.recovered())
      .onFailure(kafka::failed)
      .onComplete(done -> asking = false);
  }
}
