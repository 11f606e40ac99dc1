package io.ssehub.report;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Where reports live. {@link #move} is a compare-and-set: it reads the current status, checks the
 * state machine and writes the new status only if the report has not changed meanwhile, so that of
 * two concurrent changes of one report at most one that starts from the same status wins.
 */
public interface ReportStore {

  /** Opens the store (files, connections); completes when it can serve. */
  Future<Void> open();

  /** Stores a new pending report of {@code userId}. */
  Future<Report> create(String userId);

  /** The reports of {@code userId}, oldest first. */
  Future<List<Report>> listFor(String userId);

  Future<Optional<Report>> find(String reportId);

  /**
   * Moves the report to {@code target} if {@code userId} owns it and the state machine allows it from its
   * current status; a report of another user is {@link Transition.Outcome#NOT_OWNED}, with nothing of it.
   */
  Future<Transition> move(String reportId, String userId, ReportStatus target);

  Future<Void> close();
}
