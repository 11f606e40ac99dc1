package io.ssehub.report;

/**
 * What a store did with a requested status change. For an accepted one, {@code report} is the report
 * after the change and {@code from} the status before it; for a refused one, {@code report} is the
 * report as it stands. {@code report} is null when no report has the id.
 */
public record Transition(Outcome outcome, Report report, ReportStatus from) {

  public enum Outcome {
    ACCEPTED,
    INVALID,
    UNKNOWN_REPORT,
    NOT_OWNED
  }

  public static Transition accepted(Report after, ReportStatus from) {
    return new Transition(Outcome.ACCEPTED, after, from);
  }

  public static Transition invalid(Report current) {
    return new Transition(Outcome.INVALID, current, current.status());
  }

  /** A report that the caller does not own: nothing of it, not even its status, leaves the store. */
  public static Transition notOwned() {
    return new Transition(Outcome.NOT_OWNED, null, null);
  }

  public static Transition unknownReport() {
    return new Transition(Outcome.UNKNOWN_REPORT, null, null);
  }
}
