package io.ssehub.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether something the bridge needs (the Kafka brokers, the hub's history) is reachable. It logs once
 * when it goes down and once when it comes back, however many retries happen in between.
 */
final class Outage {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBridgeVerticle.class);

  private final String what;
  private final String whileDown;
  private long downSince = -1;

  Outage(String what, String whileDown) {
    this.what = what;
    this.whileDown = whileDown;
  }

  void failed(Throwable cause) {
    if (downSince < 0) {
      downSince = System.currentTimeMillis();
      LOG.warn("{} is unreachable ({}); {}", what, describe(cause), whileDown);
    }
  }

  void succeeded() {
    if (downSince >= 0) {
      LOG.info("{} is reachable again after {} s", what, (System.currentTimeMillis() - downSince) / 1000);
      downSince = -1;
    }
  }

  boolean isDown() {
    return downSince >= 0;
  }

  private static String describe(Throwable cause) {
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
