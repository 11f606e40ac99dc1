package io.ssehub;

import io.ssehub.cluster.EventBusTls;
import io.ssehub.config.ClusterTlsConfig;
import io.ssehub.config.CommandLine;
import io.ssehub.config.ConfigException;
import io.ssehub.config.ConfigSource;
import io.ssehub.config.HubConfig;
import io.ssehub.metrics.VertxMetricsSetup;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The fat jar's entry point: answers {@code --help} and {@code --version} ({@link CommandLine}); reads the
 * {@code -conf} argument with the environment over it ({@link ConfigSource}; the launcher would only warn about a
 * bad one and start with an empty config) and stops with the reason when it does not hold; then hands over to
 * Vert.x's {@link VertxApplication}, which deploys {@link HubVerticle} with that config and handles
 * {@code -cluster}, {@code -instances} and SIGTERM. The Vertx instance is built with Vert.x's Prometheus metrics
 * ({@link VertxMetricsSetup}), which {@code GET /metrics} shows. With {@code -cluster}, {@link ClusterProperties}
 * first fills cluster.xml's placeholders (Hazelcast name, port, members), and the node is built with a
 * {@link HazelcastClusterManager} that {@link HubVerticle} is handed too.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int BAD_CONFIG = 2;
  private static final long INPUTS_STOP_TIMEOUT_SECONDS = 15;
  private static final long REFUSE_TIMEOUT_SECONDS = 5;
  private static final long DRAIN_GRACE_SECONDS = 10;

  private Main() {
  }

  /**
   * Builds Vertx with metrics and, on a clustered node, with the cluster manager it then hands to
   * {@link HubVerticle} (no verticle name needed); on shutdown refuses new streams, stops the node's inputs and
   * drains the open streams before Vert.x undeploys the rest ({@link HubVerticle#refuseStreams()},
   * {@link HubVerticle#stopInputs()}, {@link HubVerticle#drainStreams()}).
   */
  private static final class HubHooks implements VertxApplicationHooks {

    private final HazelcastClusterManager clusterManager;
    private final JsonObject config;
    private final ClusterTlsConfig eventBusTls;
    private final int drainSeconds;
    private final List<HubVerticle> hubs = new CopyOnWriteArrayList<>();

    HubHooks(HazelcastClusterManager clusterManager, JsonObject config, ClusterTlsConfig eventBusTls,
             int drainSeconds) {
      this.clusterManager = clusterManager;
      this.config = config;
      this.eventBusTls = eventBusTls;
      this.drainSeconds = drainSeconds;
    }

    /** The config {@link Main} read: the launcher is not given {@code -conf}, so it has parsed none. */
    @Override
    public JsonObject afterConfigParsed(JsonObject parsed) {
      return config;
    }

    @Override
    public VertxBuilder createVertxBuilder(VertxOptions options) {
      int cores = Runtime.getRuntime().availableProcessors();
      if (clusterManager != null && eventBusTls != null) {
        EventBusTls.apply(options.getEventBusOptions(), eventBusTls);
        LOG.info("The event bus between nodes uses TLS with client certificates ({})", eventBusTls.certFile());
      }
      VertxBuilder builder = VertxMetricsSetup.builder(withEventLoops(options, cores));
      return clusterManager == null ? builder : builder.withClusterManager(clusterManager);
    }

    @Override
    public Supplier<? extends Deployable> verticleSupplier() {
      return () -> {
        HubVerticle hub = new HubVerticle(clusterManager);
        hubs.add(hub);
        return hub;
      };
    }

    /**
     * SIGTERM: new streams refused and {@code /ready} down, then the inputs stopped, then the open streams closed
     * spread over {@code gateway.drainSeconds}; Vert.x then undeploys the rest. Each step logs a line.
     */
    @Override
    public void beforeStoppingVertx(HookContext context) {
      LOG.info("Stopping: new streams refused, /ready down");
      await(Future.join(hubs.stream().map(HubVerticle::refuseStreams).toList()), REFUSE_TIMEOUT_SECONDS,
        "New streams were not refused within {} s ({}); going on");
      LOG.info("Stopping: the inputs first (Kafka and Redis bridges, generator)");
      await(Future.join(hubs.stream().map(HubVerticle::stopInputs).toList()), INPUTS_STOP_TIMEOUT_SECONDS,
        "The inputs did not all stop within {} s ({}); closing the node anyway");
      LOG.info("Stopping: closing the open streams over gateway.drainSeconds ({} s)", drainSeconds);
      await(Future.join(hubs.stream().map(HubVerticle::drainStreams).toList()), drainSeconds + DRAIN_GRACE_SECONDS,
        "The streams were not all closed within {} s ({}); closing the node anyway");
      LOG.info("Stopping: ending open streams and closing the node");
    }

    private static void await(Future<?> steps, long seconds, String warning) {
      try {
        steps.toCompletionStage()
          .toCompletableFuture()
          .get(seconds, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn(warning, seconds, e.toString());
      }
    }

    @Override
    public void afterVertxStopped(HookContext context) {
      LOG.info("Stopped");
    }
  }

  public static void main(String[] args) {
    routeJavaUtilLogging();
    if (CommandLine.helpRequested(args) || CommandLine.versionRequested(args)) {
      // the one place the hub writes to standard output: what the person at the terminal asked for
      System.out.print(CommandLine.helpRequested(args) ? CommandLine.help() : CommandLine.version() + "\n");
      return;
    }
    JsonObject config = loadConfig(args);
    HazelcastClusterManager clusterManager = null;
    if (clustered(args)) {
      clusterManager = joinCluster();
    }
    HubConfig hubConfig = checked(config);
    int exitCode = new VertxApplication(CommandLine.withoutConf(args), new HubHooks(clusterManager, config,
      hubConfig.cluster().tls(), hubConfig.gateway().drainSeconds()))
      .launch();
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /**
   * Fills cluster.xml's placeholders and makes the cluster manager; exits with {@link #BAD_CONFIG} when the node
   * would join other hosts under the default cluster name ({@link ClusterProperties#unnamedAcrossHosts}).
   */
  private static HazelcastClusterManager joinCluster() {
    String unnamed = ClusterProperties.unnamedAcrossHosts(System.getProperties(), System.getenv());
    if (unnamed != null) {
      LOG.error("Not started: {}", unnamed);
      System.exit(BAD_CONFIG);
    }
    LOG.info("Joining the cluster with {}", ClusterProperties.apply(System.getProperties(), System.getenv()));
    return new HazelcastClusterManager();
  }

  /**
   * Sends java.util.logging (the JDK, and Hazelcast before it has read cluster.xml) through SLF4J, so that every
   * line has the configured format; logback.xml's LevelChangePropagator keeps the levels in step.
   */
  static void routeJavaUtilLogging() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /**
   * One event loop per core, unless {@code -options} names another {@code eventLoopPoolSize} (Vert.x's default is
   * two per core; every role here is non-blocking; why: docs/benchmarks.md). An {@code -options} value equal to
   * Vert.x's default counts as unset.
   */
  static VertxOptions withEventLoops(VertxOptions options, int cores) {
    if (options.getEventLoopPoolSize() == VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE) {
      options.setEventLoopPoolSize(Math.max(1, cores));
    }
    LOG.info("{} event loops ({} cores)", options.getEventLoopPoolSize(), cores);
    return options;
  }

  /** The node's config, parsed (for the event bus's TLS settings and the drain window). */
  private static HubConfig checked(JsonObject config) {
    try {
      return HubConfig.from(config);
    } catch (ConfigException e) {
      LOG.error("Not started: {}", e.getMessage());
      System.exit(BAD_CONFIG);
      return null;
    }
  }

  /**
   * The {@code -conf} file (or the jar's copy, or inline JSON, or none) with the environment over it, checked;
   * exits with {@link #BAD_CONFIG} and the reason when it is not a config that starts.
   */
  private static JsonObject loadConfig(String[] args) {
    try {
      ConfigSource.Loaded loaded = ConfigSource.load(confArgument(args), System.getenv());
      LOG.info("Config from {}{}", loaded.origin(), loaded.variables().isEmpty() ? ""
        : "; set by the environment: " + new TreeMap<>(loaded.variables()));
      return loaded.json();
    } catch (ConfigException e) {
      LOG.error("Not started: {}", e.getMessage());
      System.exit(BAD_CONFIG);
      return null;
    }
  }

  /** Whether the launcher will join a cluster ({@code -cluster} or {@code --cluster}). */
  static boolean clustered(String[] args) {
    for (String arg : args) {
      if (arg.equals("-cluster") || arg.equals("--cluster")) {
        return true;
      }
    }
    return false;
  }

  /** The value of {@code -conf}/{@code --conf} ({@link CommandLine#confArgument}). */
  static String confArgument(String[] args) {
    return CommandLine.confArgument(args);
  }
}
