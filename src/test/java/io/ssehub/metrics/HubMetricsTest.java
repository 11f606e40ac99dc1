package io.ssehub.metrics;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("HubMetrics: each node's meters, removed when the node closes")
class HubMetricsTest {

  private static final String NAME = "ssehub.test.shared";
  private static final String LINE = "ssehub_test_shared_total{node=\"same-name\"}";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("Two nodes of the same name share a meter, and the first to close leaves it to the other")
  void sameNameNodes() {
    HubMetrics stopping = HubMetrics.create(vertx, "same-name");
    HubMetrics starting = HubMetrics.create(vertx, "same-name");
    stopping.counter(NAME, "a counter both nodes register").increment();
    Counter kept = starting.counter(NAME, "a counter both nodes register");

    stopping.close();
    kept.increment();

    assertThat(starting.total(NAME)).isEqualTo(2.0);
    assertThat(starting.scrape()).contains(LINE + " 2.0");
    starting.close();
    assertThat(starting.total(NAME)).isZero();
    assertThat(starting.scrape()).doesNotContain(LINE);
  }
}
