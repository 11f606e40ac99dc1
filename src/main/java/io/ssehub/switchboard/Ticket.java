package io.ssehub.switchboard;

import io.ssehub.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * One ticket: a unique reply address with a consumer on it and one timer. The last processor (or
 * {@code /sink_to}) sends {@code {m}} there; a {@code /ssep} requests {@code {await: true}} there.
 *
 * <p>A call ticket ({@code /ssec}) answers its caller with the result, or with {@code no_reply} when its timer
 * fires. A queued ticket ({@code /q}) keeps the first result until a {@code /ssep} collects it, waits one
 * window for a {@code /ssep} that came first, and expires after its time to live. Either way it
 * {@link #close() closes} once: timer cancelled, consumer unregistered, removed from its owner. Lives on its
 * switchboard instance's event loop.
 */
final class Ticket {

  static final String NO_REPLY = "no_reply";
  static final String TIMED_OUT = "timed_out";

  private final String id = UUID.randomUUID().toString();
  private final long openedAt = System.nanoTime();
  private final Vertx vertx;
  private final SwitchboardGauges gauges;
  private final Message<JsonObject> caller;
  private final long windowMillis;
  private final Consumer<Ticket> onClose;
  private MessageConsumer<JsonObject> consumer;
  private long timerId = -1;
  private String result;
  private Message<JsonObject> awaiter;
  private boolean callerAnswered;
  private boolean closed;

  private Ticket(Vertx vertx, SwitchboardGauges gauges, Message<JsonObject> caller, long windowMillis,
                 Consumer<Ticket> onClose) {
    this.vertx = vertx;
    this.gauges = gauges;
    this.caller = caller;
    this.windowMillis = windowMillis;
    this.onClose = onClose;
  }

  /** A ticket that answers {@code caller} within {@code timeoutMillis} (at least 1 ms). */
  static Ticket forCall(Vertx vertx, SwitchboardGauges gauges, Message<JsonObject> caller, long timeoutMillis,
                        Consumer<Ticket> onClose) {
    Ticket ticket = new Ticket(vertx, gauges, caller, timeoutMillis, onClose);
    ticket.startTimer(Math.max(1, timeoutMillis));
    return ticket;
  }

  /** A ticket that keeps its result for a {@code /ssep} for up to {@code ttlMillis}. */
  static Ticket queued(Vertx vertx, SwitchboardGauges gauges, long windowMillis, long ttlMillis,
                       Consumer<Ticket> onClose) {
    Ticket ticket = new Ticket(vertx, gauges, null, windowMillis, onClose);
    ticket.startTimer(ttlMillis);
    return ticket;
  }

  String id() {
    return id;
  }

  /** Registers the reply address; completes when processors anywhere in the cluster can reach it. */
  Future<Void> listen() {
    consumer = vertx.eventBus().consumer(Addresses.ticket(id), this::receive);
    gauges.ticketConsumers.incrementAndGet();
    return consumer.completion();
  }

  boolean isClosed() {
    return closed;
  }

  /** Ends the ticket at once; a waiting caller gets {@code no_reply}, a waiting {@code /ssep} {@code timed_out}. */
  Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    stopTimer();
    answerCaller(NO_REPLY);
    answerAwaiter(TIMED_OUT);
    onClose.accept(this);
    if (consumer == null) {
      return Future.succeededFuture();
    }
    return consumer.unregister()
      .onComplete(done -> gauges.ticketConsumers.decrementAndGet());
  }

  private void receive(Message<JsonObject> message) {
    if (closed) {
      message.reply(new JsonObject().put("value", TIMED_OUT));
    } else if (message.body().getBoolean("await", false)) {
      await(message);
    } else if (message.body().getValue("m") instanceof String value) {
      deliver(value);
    }
  }

  private void deliver(String value) {
    if (caller != null) {
      answerCaller(value);
      close();
    } else if (awaiter != null) {
      answerAwaiter(value);
      close();
    } else if (result == null) {
      result = value;
    }
  }

  private void await(Message<JsonObject> message) {
    if (caller != null || awaiter != null) {
      message.reply(new JsonObject().put("value", TIMED_OUT));
    } else if (result != null) {
      awaiter = message;
      answerAwaiter(result);
      close();
    } else {
      awaiter = message;
      stopTimer();
      startTimer(windowMillis);
    }
  }

  private void timeUp() {
    gauges.ticketTimers.decrementAndGet();
    timerId = -1;
    if (caller == null && awaiter == null) {
      gauges.expired.incrementAndGet();
    }
    close();
  }

  private void answerCaller(String value) {
    if (caller != null && !callerAnswered) {
      callerAnswered = true;
      (NO_REPLY.equals(value) ? gauges.noReply : gauges.answered).incrementAndGet();
      gauges.answeredAfter(System.nanoTime() - openedAt);
      caller.reply(new JsonObject().put("value", value));
    }
  }

  private void answerAwaiter(String value) {
    if (awaiter != null) {
      (TIMED_OUT.equals(value) ? gauges.timedOut : gauges.collected).incrementAndGet();
      awaiter.reply(new JsonObject().put("value", value));
      awaiter = null;
    }
  }

  private void startTimer(long delayMillis) {
    timerId = vertx.setTimer(delayMillis, fired -> timeUp());
    gauges.ticketTimers.incrementAndGet();
  }

  private void stopTimer() {
    if (timerId != -1 && vertx.cancelTimer(timerId)) {
      gauges.ticketTimers.decrementAndGet();
    }
    timerId = -1;
  }
}
