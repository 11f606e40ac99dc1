package io.ssehub.clock;

import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.config.SeedStreamsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Seed 003's timestamp source: every second a {@code ping} event on the {@code clock} topic whose
 * data is the Unix time in seconds with its fraction, as Python's {@code time.time()} prints it.
 *
 * <p>Publishes to the {@code clock} topic (transient: a clock is not replayed). Config:
 * {@code seeds.clockPeriodMillis}.
 */
public class ClockVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ClockVerticle.class);

  private final SeedStreamsConfig config;
  private Publisher publisher;

  public ClockVerticle(SeedStreamsConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    publisher = new Publisher(vertx, config.clockPeriodMillis());
    vertx.setPeriodic(config.clockPeriodMillis(), tick -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    publisher.publishTransient(Topics.CLOCK, "ping", unixSeconds(Instant.now()))
      .onFailure(failure -> LOG.debug("Clock tick not published: {}", failure.getMessage()));
  }

  /** {@code 1589200000.1234567}: seconds, a point, and the fraction without trailing zeros (at least one digit). */
  static String unixSeconds(Instant now) {
    BigDecimal seconds = BigDecimal.valueOf(now.getEpochSecond()).add(BigDecimal.valueOf(now.getNano(), 9));
    String text = seconds.setScale(7, RoundingMode.DOWN).stripTrailingZeros().toPlainString();
    return text.contains(".") ? text : text + ".0";
  }
}
