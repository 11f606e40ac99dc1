package io.ssehub.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/**
 * Builds a Vertx instance with Vert.x's Micrometer metrics in a Prometheus registry: JVM figures
 * (memory, GC, threads, class loading, CPU) and Vert.x's event bus, HTTP server and pool figures, with
 * Vert.x's default labels (no event-bus address label, so topic names never become label values).
 * Metrics must be switched on when the instance is built, so {@code io.ssehub.Main} calls this from the
 * launcher's {@code createVertxBuilder} hook; it replaces any {@code metricsOptions} given with {@code -options}.
 */
public final class VertxMetricsSetup {

  private VertxMetricsSetup() {
  }

  public static VertxBuilder builder(VertxOptions options) {
    options.setPreferNativeTransport(true);
    options.setMetricsOptions(new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return Vertx.builder()
      .with(options)
      .withMetrics(new MicrometerMetricsFactory());
  }
}
