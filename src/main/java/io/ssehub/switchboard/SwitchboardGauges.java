package io.ssehub.switchboard;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts shared by the switchboard instances of one node: what is held now (tickets, their consumers
 * and timers, which must all come back to zero) and what has happened.
 */
final class SwitchboardGauges {

  final AtomicInteger pendingTickets = new AtomicInteger();
  final AtomicInteger ticketConsumers = new AtomicInteger();
  final AtomicInteger ticketTimers = new AtomicInteger();
  final AtomicLong calls = new AtomicLong();
  final AtomicLong answered = new AtomicLong();
  final AtomicLong noReply = new AtomicLong();
  final AtomicLong opened = new AtomicLong();
  final AtomicLong collected = new AtomicLong();
  final AtomicLong timedOut = new AtomicLong();
  final AtomicLong expired = new AtomicLong();
  final AtomicLong flushed = new AtomicLong();

  JsonObject toJson() {
    return new JsonObject()
      .put("pendingTickets", pendingTickets.get())
      .put("ticketConsumers", ticketConsumers.get())
      .put("ticketTimers", ticketTimers.get())
      .put("calls", calls.get())
      .put("answered", answered.get())
      .put("noReply", noReply.get())
      .put("opened", opened.get())
      .put("collected", collected.get())
      .put("timedOut", timedOut.get())
      .put("expired", expired.get())
      .put("flushed", flushed.get());
  }
}
