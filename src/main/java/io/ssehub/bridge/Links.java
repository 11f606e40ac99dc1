package io.ssehub.bridge;

import io.micrometer.core.instrument.Timer;
import io.ssehub.health.HubHealth;
import io.ssehub.metrics.HubMetrics;
import io.vertx.ext.healthchecks.Status;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's links to outside services, grouped by kind ({@code redis}, {@code kafka}). The first outage of a
 * kind adds a readiness check of that name, down while any of its outages is down; and every kind has
 * {@code ssehub_bridge_errors_total} (failed attempts), {@code ssehub_bridge_down} (links down now) and
 * {@code ssehub_bridge_lag_seconds} (how old a message is when the bridge hands it on), tagged
 * {@code link=<kind>}. Register links in {@code start()}, before the gateway serves {@code /ready}.
 */
public final class Links {

  private final HubHealth health;
  private final HubMetrics metrics;
  private final Map<String, List<Outage>> byKind = new ConcurrentHashMap<>();
  private final Map<String, Timer> lags = new ConcurrentHashMap<>();

  public Links(HubHealth health, HubMetrics metrics) {
    this.health = health;
    this.metrics = metrics;
  }

  /** A new link of this kind, with its reconnect back-off. */
  public Outage outage(String kind, Logger log, String what, long minDelayMillis, long maxDelayMillis) {
    List<Outage> outages = byKind.computeIfAbsent(kind, this::watch);
    Outage outage = new Outage(log, what, minDelayMillis, maxDelayMillis,
      metrics.counter("ssehub.bridge.errors", "Failed attempts to reach an outside service", "link", kind));
    outages.add(outage);
    return outage;
  }

  /** The age of messages as the bridges of this kind hand them on: Kafka record or Redis stream entry time to now. */
  public Timer lag(String kind) {
    return lags.computeIfAbsent(kind, name -> metrics.timer("ssehub.bridge.lag",
      "How old a message is when the bridge hands it on to its subscribers", "link", name));
  }

  private List<Outage> watch(String kind) {
    List<Outage> outages = new CopyOnWriteArrayList<>();
    metrics.gauge("ssehub.bridge.down", "Links to an outside service that are down now", outages,
      list -> list.stream().filter(Outage::isDown).count(), "link", kind);
    health.register(kind, check -> check.complete(outages.stream()
      .filter(Outage::isDown)
      .findFirst()
      .map(down -> HubHealth.down(down.reason()))
      .orElse(Status.OK())));
    return outages;
  }
}
