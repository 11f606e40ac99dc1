package io.ssehub.kafka;

import io.ssehub.bus.Topics;
import io.ssehub.gateway.Bodies;
import io.ssehub.users.UserStreamRoutes;
import io.vertx.core.buffer.Buffer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

/**
 * Seed 004 v3's records: the UTF-8 value {@code username:message}, split at the first colon, goes to
 * that user's v3 topic, exactly as a {@code POST /v3/message?username=} would.
 */
final class UserMessageRoute implements RecordRoute {

  static final String VERSION = "v3";

  @Override
  public Routed route(KafkaConsumerRecord<Buffer, Buffer> record) {
    if (record.value() == null) {
      return new Routed.Skip("it has no value");
    }
    String value = Bodies.utf8(record.value());
    if (value == null) {
      return new Routed.Skip("its value is not UTF-8");
    }
    int colon = value.indexOf(':');
    if (colon < 0) {
      return new Routed.Skip("its value has no colon; expected username:message");
    }
    String username = value.substring(0, colon);
    if (!UserStreamRoutes.isValidUsername(username)) {
      return new Routed.Skip("the username before the colon is empty, too long or has control characters");
    }
    return new Routed.Deliver(Topics.user(VERSION, username), null, value.substring(colon + 1));
  }
}
