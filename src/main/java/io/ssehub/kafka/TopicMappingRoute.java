package io.ssehub.kafka;

import io.ssehub.config.KafkaConfig.TopicMapping;
import io.ssehub.gateway.Bodies;
import io.ssehub.sse.SseFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;

/**
 * Generic Kafka input: the UTF-8 record value is the data of an event in the mapped hub topic; the
 * record header named by the mapping (the last one, when repeated) names the event.
 */
final class TopicMappingRoute implements RecordRoute {

  private static final int MAX_EVENT_NAME = 128;

  private final TopicMapping mapping;

  TopicMappingRoute(TopicMapping mapping) {
    this.mapping = mapping;
  }

  @Override
  public Routed route(KafkaConsumerRecord<Buffer, Buffer> record) {
    String data = record.value() == null ? null : Bodies.utf8(record.value());
    if (data == null) {
      return new Routed.Skip("its value is missing or not UTF-8");
    }
    Buffer header = eventHeader(record);
    if (header == null) {
      return new Routed.Deliver(mapping.hubTopic(), null, data);
    }
    String event = Bodies.utf8(header);
    if (event == null || event.isEmpty() || event.length() > MAX_EVENT_NAME || !SseFrames.isSingleLine(event)) {
      return new Routed.Skip("its header '" + mapping.eventHeader() + "' is not an event name of 1 to "
        + MAX_EVENT_NAME + " UTF-8 characters without CR, LF or NUL");
    }
    return new Routed.Deliver(mapping.hubTopic(), event, data);
  }

  private Buffer eventHeader(KafkaConsumerRecord<Buffer, Buffer> record) {
    Buffer value = null;
    for (KafkaHeader header : record.headers()) {
      if (header.key().equals(mapping.eventHeader())) {
        value = header.value();
      }
    }
    return value;
  }
}
