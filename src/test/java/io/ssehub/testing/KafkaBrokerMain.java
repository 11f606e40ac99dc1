package io.ssehub.testing;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * The main class of the child JVM that {@link KafkaBroker} starts: formats the KRaft log dir on first
 * start (as {@code kafka-storage.sh format} would), then runs Apache Kafka's own server main.
 * Arguments: the server.properties path and the cluster id.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {
  }

  public static void main(String[] args) {
    int formatted = StorageTool.execute(new String[] {"format", "--ignore-formatted", "-t", args[1], "-c", args[0]},
      System.out);
    if (formatted != 0) {
      throw new IllegalStateException("kafka-storage format failed with status " + formatted);
    }
    Kafka.main(new String[] {args[0]});
  }
}
