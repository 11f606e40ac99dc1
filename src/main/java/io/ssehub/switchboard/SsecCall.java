package io.ssehub.switchboard;

import io.ssehub.bus.Deadline;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * One {@code /ssec} call at the gateway, from the request's arrival to its one answer. The deadline is the
 * arrival plus the window. A result that reaches the gateway before the deadline is the answer; at the
 * deadline the answer is {@code no_reply}, written by the call's own timer; a result that comes after the
 * deadline is never written (the answer is {@code no_reply}) and a reply after the answer is discarded and
 * counted. A {@code no_reply} or a failure from the switchboard before the deadline is not written early: the
 * timer answers {@code no_reply} at the deadline, so that {@code no_reply} always means that nothing came within
 * the whole window (the hops' budgets are whole milliseconds rounded down, so theirs end up to a millisecond
 * before the gateway's). Lives on the request's event loop, where the bus replies arrive too.
 */
final class SsecCall {

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final SsecMeters meters;
  /**
   * A result is written only while this much of the window is left, so that the write, which follows the check
   * on the same thread, still lands inside the window when the thread is paused in between (a safepoint, or the
   * OS running another thread): a benchmark on two cores saw one result written 1.6 ms after such a check.
   */
  static final long RESULT_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final long arrivedAt = System.nanoTime();
  private final Deadline deadline;
  private final long windowNanos;
  private final long timerId;
  private boolean answered;

  SsecCall(Vertx vertx, RoutingContext ctx, long windowMillis, SsecMeters meters) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.meters = meters;
    this.deadline = Deadline.in(windowMillis);
    this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    this.timerId = vertx.setTimer(windowMillis, fired -> answer(Ticket.NO_REPLY));
  }

  Deadline deadline() {
    return deadline;
  }

  /**
   * The switchboard's reply: written if more than {@link #RESULT_MARGIN_NANOS} of the window is left, else
   * {@code no_reply}; counted if too late.
   */
  void replied(String value) {
    if (answered) {
      meters.lateReply();
      return;
    }
    if (deadline.passed()) {
      meters.lateReply();
      answer(Ticket.NO_REPLY);
    } else if (System.nanoTime() - arrivedAt > windowNanos - RESULT_MARGIN_NANOS) {
      meters.lateReply(); // too close to the deadline to be written inside it: the timer answers no_reply then
    } else if (!Ticket.NO_REPLY.equals(value)) {
      answer(value);
    }
  }

  /** No reply will come (no switchboard, or it did not answer in time): {@code no_reply} at the deadline. */
  void failed() {
    if (deadline.passed()) {
      answer(Ticket.NO_REPLY);
    }
  }

  private void answer(String value) {
    if (answered) {
      return;
    }
    answered = true;
    vertx.cancelTimer(timerId);
    meters.written(!Ticket.NO_REPLY.equals(value), System.nanoTime() - arrivedAt);
    SwitchboardRoutes.seedText(ctx, 200, value);
  }
}
