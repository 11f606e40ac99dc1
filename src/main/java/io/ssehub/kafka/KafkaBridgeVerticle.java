package io.ssehub.kafka;

import io.micrometer.core.instrument.Timer;
import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
import io.ssehub.bus.Publisher;
import io.ssehub.config.KafkaConfig;
import io.ssehub.config.Redacted;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.serialization.BufferDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kafka records into hub topics: seed 004 v3's {@code username:message} records of
 * {@code kafka.userMessagesTopic} into the v3 user topics, and each {@code kafka.topics} mapping into its
 * hub topic. Publishes through {@code hub.publish}; reads the {@code kafka} config section.
 *
 * <p>Delivery is at-least-once (see docs/kafka.md): auto-commit is off, and one loop polls, publishes the
 * records in order, each retried until the history has taken it, and only then commits their offsets.
 * Poison records are logged and skipped. A {@link BrokerWatch} asks the brokers every {@code kafka.idleCheckMillis}
 * whether they answer, so an outage is logged once (and shown on {@code /ready}) within seconds, and its end once;
 * the loop retries with back-off meanwhile. Nothing here blocks the event loop, so the hub keeps serving HTTP.
 */
public class KafkaBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBridgeVerticle.class);

  private final KafkaConfig config;
  private final Links links;
  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private Map<String, RecordRoute> routes;
  private Publisher publisher;
  private KafkaConsumer<Buffer, Buffer> consumer;
  private Outage kafka;
  private Outage history;
  private Timer lag;
  private BrokerWatch brokers;
  private boolean running;
  private long takenCount;
  private long committedCount;
  private Future<Void> cycle = Future.succeededFuture();

  public KafkaBridgeVerticle(KafkaConfig config, Links links) {
    this.config = config;
    this.links = links;
  }

  @Override
  public Future<?> start() {
    routes = routes();
    publisher = new Publisher(vertx, config.publishTimeoutMillis());
    kafka = links.outage("kafka", LOG, "Kafka at " + config.bootstrapServers(), config.retryMinMillis(),
      config.retryMaxMillis());
    history = links.outage("history", LOG, "The hub's history (for the Kafka bridge)", config.retryMinMillis(),
      config.retryMaxMillis());
    lag = links.lag("kafka");
    consumer = KafkaConsumer.create(vertx, KafkaClientSettings.consumer(config), new BufferDeserializer(),
      new BufferDeserializer());
    brokers = new BrokerWatch(vertx, config, kafka);
    brokers.start();
    running = true;
    return consumer.subscribe(routes.keySet())
      .onSuccess(v -> LOG.info("Kafka bridge consumes {} from {} as group {}", routes.keySet(),
        Redacted.url(config.bootstrapServers()), config.groupId()))
      .onSuccess(v -> pollNext());
  }

  /**
   * Polls no more, lets the records of the current poll reach the history (or fail to), commits what it took,
   * then closes the consumer, and logs how many records it committed and up to which offsets. The node stops this
   * role before its gateway, so what was taken reached the streams.
   */
  @Override
  public Future<?> stop() {
    running = false;
    return cycle.otherwiseEmpty()
      .compose(v -> commitTaken())
      .otherwiseEmpty()
      .onComplete(v -> logStopped())
      .compose(v -> Future.join(consumer.close(), brokers.stop()));
  }

  private void logStopped() {
    String next = committed.entrySet().stream()
      .map(entry -> entry.getKey().getTopic() + "-" + entry.getKey().getPartition() + "@" + entry.getValue())
      .sorted()
      .collect(Collectors.joining(", ", "[", "]"));
    LOG.info("Kafka bridge stopped: {} records committed since it started, the group resumes at {}; {} taken but "
      + "not committed (consumed again by the next member)", committedCount, next, takenCount - committedCount);
  }

  private Map<String, RecordRoute> routes() {
    Map<String, RecordRoute> routes = new LinkedHashMap<>();
    routes.put(config.userMessagesTopic(), new UserMessageRoute());
    config.topics().forEach(mapping -> routes.put(mapping.kafkaTopic(), new TopicMappingRoute(mapping)));
    return routes;
  }

  private void pollNext() {
    if (!running) {
      return;
    }
    cycle = consumer.poll(Duration.ofMillis(config.pollMillis()))
      .compose(this::deliverAll)
      .compose(v -> commitTaken())
      .onSuccess(v -> kafka.resetDelay());
    cycle.onSuccess(v -> pollNext())
      .onFailure(this::retryLater);
  }

  private void retryLater(Throwable failure) {
    if (running) {
      kafka.failed(failure);
      vertx.setTimer(kafka.nextDelayMillis(), id -> pollNext());
    }
  }

  private Future<Void> deliverAll(KafkaConsumerRecords<Buffer, Buffer> records) {
    if (!records.isEmpty()) {
      reached();
    }
    return deliverFrom(records, 0);
  }

  private Future<Void> deliverFrom(KafkaConsumerRecords<Buffer, Buffer> records, int index) {
    if (index == records.size()) {
      return Future.succeededFuture();
    }
    KafkaConsumerRecord<Buffer, Buffer> record = records.recordAt(index);
    return deliver(record)
      .onSuccess(v -> taken(record))
      .compose(v -> deliverFrom(records, index + 1));
  }

  private Future<Void> deliver(KafkaConsumerRecord<Buffer, Buffer> record) {
    Routed routed = routes.get(record.topic()).route(record);
    if (routed instanceof Routed.Skip skip) {
      LOG.warn("Skipped Kafka record {}-{}@{} because {}", record.topic(), record.partition(), record.offset(),
        skip.reason());
      return Future.succeededFuture();
    }
    return publishUntilTaken((Routed.Deliver) routed);
  }

  private Future<Void> publishUntilTaken(Routed.Deliver delivery) {
    return publisher.publish(delivery.topic(), delivery.event(), delivery.data())
      .<Void>mapEmpty()
      .onSuccess(v -> history.recovered())
      .recover(failure -> {
        if (!running) {
          return Future.failedFuture(failure);
        }
        if (failure instanceof ReplyException refused && refused.failureCode() == 413) {
          LOG.warn("Skipped a Kafka record for topic {} because {}", delivery.topic(), refused.getMessage());
          return Future.succeededFuture();
        }
        history.failed(failure);
        return vertx.timer(history.nextDelayMillis()).compose(v -> publishUntilTaken(delivery));
      });
  }

  private void taken(KafkaConsumerRecord<Buffer, Buffer> record) {
    takenCount++;
    lag.record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
    uncommitted.put(new TopicPartition(record.topic(), record.partition()),
      new OffsetAndMetadata(record.offset() + 1, ""));
  }

  /** Commits the offsets of the records the history has taken; on failure they stay for the next try. */
  private Future<Void> commitTaken() {
    if (uncommitted.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(uncommitted);
    long taken = takenCount;
    return consumer.commit(offsets)
      .onSuccess(done -> offsets.forEach(uncommitted::remove))
      .onSuccess(done -> offsets.forEach((partition, offset) -> committed.put(partition, offset.getOffset())))
      .onSuccess(done -> committedCount = taken)
      .onSuccess(done -> reached())
      .mapEmpty();
  }

  private void reached() {
    kafka.recovered();
  }
}
