package io.ssehub.report;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Report statuses: the seed's state machine")
class ReportStatusTest {

  @Test
  @DisplayName("Of the 36 status pairs exactly the seed's 8 are valid moves")
  void exactlyEightOfThirtySixPairsAreValid() {
    List<String> valid = new ArrayList<>();
    int pairs = 0;
    for (ReportStatus from : ReportStatus.values()) {
      for (ReportStatus to : ReportStatus.values()) {
        pairs++;
        if (from.canMoveTo(to)) {
          valid.add(from.wireName() + "->" + to.wireName());
        }
      }
    }
    assertThat(pairs).isEqualTo(36);
    assertThat(valid).containsExactlyInAnyOrder(
      "pending->queued", "pending->canceled",
      "queued->processing", "queued->canceled",
      "processing->completed", "processing->failed",
      "failed->pending",
      "canceled->pending");
  }

  @Test
  @DisplayName("Only lowercase names are statuses on the wire, and completed is final")
  void wireNames() {
    assertThat(ReportStatus.fromWire("queued")).contains(ReportStatus.QUEUED);
    assertThat(ReportStatus.fromWire("QUEUED")).isEmpty();
    assertThat(ReportStatus.fromWire("done")).isEmpty();
    assertThat(ReportStatus.COMPLETED.next()).isEmpty();
    assertThat(ReportStatus.PENDING.previous()).containsExactlyInAnyOrder(ReportStatus.FAILED, ReportStatus.CANCELED);
  }
}
