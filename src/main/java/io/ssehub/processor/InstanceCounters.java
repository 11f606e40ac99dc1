package io.ssehub.processor;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/** What one processor instance has done: messages passed on, and messages dropped. */
final class InstanceCounters {

  final AtomicLong processed = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();

  JsonObject toJson() {
    return new JsonObject().put("processed", processed.get()).put("dropped", dropped.get());
  }
}
