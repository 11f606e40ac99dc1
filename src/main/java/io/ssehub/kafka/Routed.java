package io.ssehub.kafka;

/** What the bridge does with one Kafka record: publish it into a hub topic, or skip it for a reason. */
sealed interface Routed permits Routed.Deliver, Routed.Skip {

  /** Publish {@code data} to the hub topic {@code topic}, as event {@code event} (null for unnamed). */
  record Deliver(String topic, String event, String data) implements Routed {
  }

  /** A record the hub cannot take (a poison record); it is logged, and its offset committed. */
  record Skip(String reason) implements Routed {
  }
}
