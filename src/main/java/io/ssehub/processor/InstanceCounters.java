package io.ssehub.processor;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/** What one processor instance has done: messages passed on, dropped as failed, and dropped as out of time. */
final class InstanceCounters {

  final AtomicLong processed = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong expired = new AtomicLong();

  JsonObject toJson() {
    return new JsonObject().put("processed", processed.get()).put("dropped", dropped.get()).put("expired", expired.get());
  }
}
