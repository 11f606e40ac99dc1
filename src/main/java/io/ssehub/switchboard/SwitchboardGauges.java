package io.ssehub.switchboard;

import io.micrometer.core.instrument.Timer;
import io.ssehub.metrics.HubMetrics;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts shared by the switchboard instances of one node: what is held now (tickets, their consumers
 * and timers, which must all come back to zero) and what has happened. {@link #bind} shows them at
 * {@code /metrics}, with the time each {@code /ssec} call took to be answered.
 */
final class SwitchboardGauges {

  private Timer answerTime;

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

  /** Registers the meters of the switchboard in this node's registry; they read the counts above. */
  void bind(HubMetrics metrics) {
    metrics.countOf("ssehub.switchboard.calls", "Calls to /ssec received by the switchboard", this, g -> g.calls.get());
    metrics.countOf("ssehub.switchboard.answers", "Calls to /ssec answered, by outcome", this,
      g -> g.answered.get(), "outcome", "answered");
    metrics.countOf("ssehub.switchboard.answers", "Calls to /ssec answered, by outcome", this,
      g -> g.noReply.get(), "outcome", "no_reply");
    metrics.countOf("ssehub.switchboard.tickets.collected", "Results of /q tickets collected by /ssep", this,
      g -> g.collected.get());
    metrics.countOf("ssehub.switchboard.tickets.timed_out", "/ssep streams answered timed_out", this,
      g -> g.timedOut.get());
    metrics.gauge("ssehub.switchboard.tickets.pending", "Tickets open now (calls in flight and uncollected /q)",
      this, g -> g.pendingTickets.get());
    answerTime = metrics.timer("ssehub.switchboard.latency",
      "Time from a /ssec call reaching the switchboard to the switchboard's answer (result or no_reply); "
        + "the gateway's part is not in it: ssehub.ssec.latency counts from the request's arrival");
  }

  /** Records how long a call took to be answered; nothing when no registry is bound. */
  void answeredAfter(long nanos) {
    if (answerTime != null) {
      answerTime.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

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
