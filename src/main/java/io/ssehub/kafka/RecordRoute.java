package io.ssehub.kafka;

import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

/** Turns the records of one Kafka topic into hub events. */
@FunctionalInterface
interface RecordRoute {

  Routed route(KafkaConsumerRecord<Buffer, Buffer> record);
}
