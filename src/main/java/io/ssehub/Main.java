package io.ssehub;

import io.ssehub.config.CommandLine;
import io.ssehub.config.ConfigException;
import io.ssehub.config.ConfigSource;
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

  private Main() {
  }

  /**
   * Builds Vertx with metrics and, on a clustered node, with the cluster manager it then hands to
   * {@link HubVerticle} (no verticle name needed); on shutdown stops the node's inputs before Vert.x undeploys
   * the rest ({@link HubVerticle#stopInputs()}).
   */
  private static final class HubHooks implements VertxApplicationHooks {

    private final HazelcastClusterManager clusterManager;
    private final JsonObject config;
    private final List<HubVerticle> hubs = new CopyOnWriteArrayList<>();

    HubHooks(HazelcastClusterManager clusterManager, JsonObject config) {
      this.clusterManager = clusterManager;
      this.config = config;
    }

    /** The config {@link Main} read: the launcher is not given {@code -conf}, so it has parsed none. */
    @Override
    public JsonObject afterConfigParsed(JsonObject parsed) {
      return config;
    }

    @Override
    public VertxBuilder createVertxBuilder(VertxOptions options) {
      int cores = Runtime.getRuntime().availableProcessors();
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

    @Override
    public void beforeStoppingVertx(HookContext context) {
      LOG.info("Stopping: the inputs first (Kafka and Redis bridges, generator)");
      try {
        Future.join(hubs.stream().map(HubVerticle::stopInputs).toList())
          .toCompletionStage()
          .toCompletableFuture()
          .get(INPUTS_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("The inputs did not all stop within {} s ({}); closing the node anyway", INPUTS_STOP_TIMEOUT_SECONDS,
          e.toString());
      }
      LOG.info("Stopping: ending open streams and closing the node");
    }

    @Override
    public void afterVertxStopped(HookContext context) {
      LOG.info("Stopped");
    }
  }

  public static void main(String[] args) {
    if (CommandLine.helpRequested(args) || CommandLine.versionRequested(args)) {
      // the one place the hub writes to standard output: what the person at the terminal asked for
      System.out.print(CommandLine.helpRequested(args) ? CommandLine.help() : CommandLine.version() + "\n");
      return;
    }
    JsonObject config = loadConfig(args);
    HazelcastClusterManager clusterManager = null;
    if (clustered(args)) {
      LOG.info("Joining the cluster with {}", ClusterProperties.apply(System.getProperties(), System.getenv()));
      clusterManager = new HazelcastClusterManager();
    }
    int exitCode = new VertxApplication(CommandLine.withoutConf(args), new HubHooks(clusterManager, config)).launch();
    if (exitCode != 0) {
      System.exit(exitCode);
    }
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
