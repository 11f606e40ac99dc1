package io.ssehub.bus;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * The time a call has left. On the event bus it travels as {@code budgetMillis} in the body: the whole
 * milliseconds that were left when the hop sent it. The hop that receives it turns the budget back into a
 * deadline on its own {@link System#nanoTime()} clock, so no node compares its wall clock with another's (the
 * machines of a cluster may disagree by more than a window). The cost: the time a message spends between two
 * hops is not taken off the budget. The gateway, which keeps the deadline from the request's arrival, is where
 * the window is enforced; the other hops use their budget to give up on work that can no longer be answered.
 */
public final class Deadline {

  /** The body field of the remaining budget, in whole milliseconds. */
  public static final String BUDGET_MILLIS = "budgetMillis";

  private final long atNanos;

  private Deadline(long atNanos) {
    this.atNanos = atNanos;
  }

  /** The deadline {@code millis} from now. */
  public static Deadline in(long millis) {
    return new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** The deadline a received body carries, counted from now; {@code defaultMillis} from now when it carries none. */
  public static Deadline carriedBy(JsonObject body, long defaultMillis) {
    Long budget = body.getLong(BUDGET_MILLIS);
    return in(budget == null ? defaultMillis : Math.max(0, budget));
  }

  /** Whole milliseconds left, rounded down; 0 once the deadline has passed. */
  public long remainingMillis() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(atNanos - System.nanoTime()));
  }

  /** True once the deadline has passed. */
  public boolean passed() {
    return System.nanoTime() - atNanos >= 0;
  }

  /** True once less than a millisecond is left: too little to pass the work on to another hop. */
  public boolean spent() {
    return remainingMillis() == 0;
  }

  /** Puts the budget left now into {@code body}, for the next hop; returns the body. */
  public JsonObject stamp(JsonObject body) {
    return body.put(BUDGET_MILLIS, remainingMillis());
  }
}
