package io.ssehub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The node's own meters, in the Prometheus registry that {@code GET /metrics} shows.
 *
 * <p><b>Which registry.</b> When the Vertx instance was built with Vert.x metrics ({@link VertxMetricsSetup},
 * which {@code io.ssehub.Main} uses), the hub's meters go into Vert.x's own backend registry, next to the JVM and
 * event-bus figures. A Vertx built without metrics (a test's plain Vertx, an embedding application) gets a
 * Prometheus registry that the hub creates itself, once per JVM: {@code /metrics} then shows the hub's meters
 * only, under a comment line saying that Vert.x metrics are off.
 *
 * <p><b>Adding your meters</b> (switchboard, Redis and Kafka bridges, ...). {@code HubVerticle} creates one
 * {@code HubMetrics} per node; take it in your verticle's constructor, as the history role does:
 * <pre>{@code
 *   deploy(Role.SWITCHBOARD, () -> new SwitchboardVerticle(config.switchboard(), metrics), 1)
 *
 *   // in start(), once; keep the meters in fields
 *   noReply = metrics.counter("ssehub.switchboard.no_reply", "Callbacks answered no_reply");
 *   latency = metrics.timer("ssehub.switchboard.latency", "Time from a callback to its answer");
 *   lag = metrics.gauge("ssehub.kafka.lag", "Records behind the end of v3_messages", this, me -> me.lag);
 *   // on the path
 *   noReply.increment();
 *   latency.record(System.nanoTime() - startedAt, TimeUnit.NANOSECONDS);
 * }</pre>
 * Names are lowercase and dotted, {@code ssehub.<role>.<what>}; Prometheus shows them with underscores and its
 * suffixes ({@code ssehub_switchboard_no_reply_total}, {@code ssehub_switchboard_latency_seconds_bucket}). Every
 * meter gets the tag {@code node=<nodeName>}; extra tags are key/value pairs with a small fixed set of values
 * (never a topic, user or id). Creating a meter looks it up in a map: do it in {@code start()}, never per message.
 * {@link #close()} removes this node's meters; {@code HubVerticle} calls it when the node stops.
 */
public final class HubMetrics {

  private static final Object LOCK = new Object();
  private static PrometheusMeterRegistry ownRegistry;
  /**
   * How many open HubMetrics hold each meter. Two nodes with the same name in one JVM (a node stopped and
   * another started on its port, in tests) get the same meter from the registry; the first one to close
   * must not take it away from the other.
   */
  private static final Map<Held, Integer> HOLDERS = new HashMap<>();

  /** A meter in one registry (a registry equals only itself). */
  private record Held(PrometheusMeterRegistry registry, Meter.Id id) {
  }

  private final PrometheusMeterRegistry registry;
  private final boolean vertxMetrics;
  private final Tags nodeTags;
  private final List<Meter> meters = new ArrayList<>();

  private HubMetrics(PrometheusMeterRegistry registry, boolean vertxMetrics, String nodeName) {
    this.registry = registry;
    this.vertxMetrics = vertxMetrics;
    this.nodeTags = Tags.of("node", nodeName);
  }

  /** Vert.x's Prometheus registry when the instance has metrics, else the hub's own. */
  public static HubMetrics create(Vertx vertx, String nodeName) {
    if (vertx.isMetricsEnabled() && BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry backend) {
      return new HubMetrics(backend, true, nodeName);
    }
    return new HubMetrics(ownRegistry(), false, nodeName);
  }

  private static PrometheusMeterRegistry ownRegistry() {
    synchronized (LOCK) {
      if (ownRegistry == null) {
        ownRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      }
      return ownRegistry;
    }
  }

  /** A counter you increment. */
  public Counter counter(String name, String description, String... tags) {
    return keep(Counter.builder(name)
      .description(description)
      .tags(nodeTags.and(tags))
      .register(registry));
  }

  /** A counter read from a count kept elsewhere (an {@code AtomicLong}); never count the same thing twice. */
  public <T> FunctionCounter countOf(String name, String description, T source, ToDoubleFunction<T> count,
                                     String... tags) {
    return keep(FunctionCounter.builder(name, source, count)
      .description(description)
      .tags(nodeTags.and(tags))
      .register(registry));
  }

  /** A value read at each scrape. The source is held strongly until {@link #close()}. */
  public <T> Gauge gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
    return keep(Gauge.builder(name, source, value)
      .description(description)
      .tags(nodeTags.and(tags))
      .strongReference(true)
      .register(registry));
  }

  /** A latency timer with a histogram (buckets from 1 ms to 30 s) for {@code histogram_quantile}. */
  public Timer timer(String name, String description, String... tags) {
    return keep(Timer.builder(name)
      .description(description)
      .tags(nodeTags.and(tags))
      .publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofMillis(1))
      .maximumExpectedValue(Duration.ofSeconds(30))
      .register(registry));
  }

  /**
   * A latency timer like {@link #timer}, whose histogram also has a bucket that ends exactly at {@code limit}, so
   * that the count of samples over the limit can be read from {@code /metrics}.
   */
  public Timer timer(String name, String description, Duration limit, String... tags) {
    return keep(Timer.builder(name)
      .description(description)
      .tags(nodeTags.and(tags))
      .publishPercentileHistogram()
      .serviceLevelObjectives(limit)
      .minimumExpectedValue(Duration.ofMillis(1))
      .maximumExpectedValue(Duration.ofSeconds(30))
      .register(registry));
  }

  /** The count of this node's counter of that name so far; 0 when this node has none (yet). */
  public double total(String name) {
    Counter counter = registry.find(name).tags(nodeTags).counter();
    return counter == null ? 0 : counter.count();
  }

  /** True when the registry also holds Vert.x's own figures (JVM, event bus, HTTP server). */
  public boolean vertxMetricsEnabled() {
    return vertxMetrics;
  }

  /** The Prometheus text exposition of everything in the registry. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Removes the meters this node registered, so that a stopped node leaves nothing behind; a meter that another
   * open node of the same name holds too stays until that one closes.
   */
  public void close() {
    synchronized (HOLDERS) {
      for (Meter meter : meters) {
        Held held = new Held(registry, meter.getId());
        if (HOLDERS.merge(held, -1, Integer::sum) <= 0) {
          HOLDERS.remove(held);
          registry.remove(meter);
        }
      }
      meters.clear();
    }
  }

  private <M extends Meter> M keep(M meter) {
    synchronized (HOLDERS) {
      meters.add(meter);
      HOLDERS.merge(new Held(registry, meter.getId()), 1, Integer::sum);
    }
    return meter;
  }
}
