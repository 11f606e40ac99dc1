package io.ssehub.report;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The status of a report and seed 004 v4's state machine: eight valid moves, no self-moves, and
 * {@code completed} is final. On the wire a status is its lowercase name.
 */
public enum ReportStatus {
  PENDING,
  QUEUED,
  PROCESSING,
  CANCELED,
  FAILED,
  COMPLETED;

  /** The lowercase name used in JSON, as the seed's serde does. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The statuses this one may move to. */
  public Set<ReportStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(QUEUED, CANCELED);
      case QUEUED -> EnumSet.of(PROCESSING, CANCELED);
      case PROCESSING -> EnumSet.of(COMPLETED, FAILED);
      case FAILED, CANCELED -> EnumSet.of(PENDING);
      case COMPLETED -> EnumSet.noneOf(ReportStatus.class);
    };
  }

  public boolean canMoveTo(ReportStatus target) {
    return next().contains(target);
  }

  /** The statuses from which a report may move to this one. */
  public Set<ReportStatus> previous() {
    return Arrays.stream(values())
      .filter(from -> from.canMoveTo(this))
      .collect(Collectors.toCollection(() -> EnumSet.noneOf(ReportStatus.class)));
  }

  /** A status as JSON names it: lowercase only, as the seed's JSON parser accepts. */
  public static Optional<ReportStatus> fromWire(String name) {
    return Arrays.stream(values())
      .filter(status -> status.wireName().equals(name))
      .findFirst();
  }

  /** The wire names, for error sentences. */
  public static String wireNames() {
    return Arrays.stream(values()).map(ReportStatus::wireName).collect(Collectors.joining(", "));
  }

  /** The wire names of {@link #next()}, for error sentences. */
  public String nextNames() {
    return next().stream().map(ReportStatus::wireName).collect(Collectors.joining(" or "));
  }
}
