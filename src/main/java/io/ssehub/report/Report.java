package io.ssehub.report;

import io.vertx.core.json.JsonObject;

/**
 * One stored report. {@code version} counts the accepted status changes and {@code createdAt} orders a
 * user's list; neither is part of the seed's JSON, which is {@code {userId, reportId, reportStatus}}.
 */
public record Report(String userId, String reportId, ReportStatus status, long version, long createdAt) {

  public static Report created(String userId, String reportId, long createdAt) {
    return new Report(userId, reportId, ReportStatus.PENDING, 0, createdAt);
  }

  /** The report after one accepted change to {@code next}. */
  public Report movedTo(ReportStatus next) {
    return new Report(userId, reportId, next, version + 1, createdAt);
  }

  /** The seed's Report JSON (serde camelCase). */
  public JsonObject toJson() {
    return new JsonObject()
      .put("userId", userId)
      .put("reportId", reportId)
      .put("reportStatus", status.wireName());
  }
}
