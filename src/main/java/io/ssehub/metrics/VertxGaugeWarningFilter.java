package io.ssehub.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's "This Gauge has been already registered" warning for Vert.x's own meters ({@code vertx.*}),
 * and nothing else. Vert.x's Micrometer metrics register a gauge again for each handler, connection or pool that
 * shares its meter id, and read the one value they keep per id, so the registration Micrometer ignores loses
 * nothing; Micrometer warns about the first one at every start. The warning for any other meter (one of
 * {@link HubMetrics}) is left alone, but Micrometer logs only the first double registration of a run at WARN and
 * the later ones at DEBUG. Installed by logback.xml.
 */
public final class VertxGaugeWarningFilter extends TurboFilter {

  static final String REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  static final String VERTX_GAUGE_WARNING = "This Gauge has been already registered (MeterId{name='vertx.";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    boolean vertxGauge = level == Level.WARN
      && format != null
      && format.startsWith(VERTX_GAUGE_WARNING)
      && REGISTRY_LOGGER.equals(logger.getName());
    return vertxGauge ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
