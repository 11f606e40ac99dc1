package io.ssehub.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hub's own command-line arguments, seen before Vert.x's launcher gets the rest: {@code --help} and
 * {@code --version} (each also with one dash, {@code -h} for help), and {@code -conf}, whose value the hub reads
 * itself ({@link ConfigSource}) and hands to the launcher as the parsed config.
 */
public final class CommandLine {

  private static final Map<Role, String> ROLE_TEXT = Map.ofEntries(
    Map.entry(Role.HISTORY, "per-topic history for Last-Event-ID replay (one per cluster, or in Redis)"),
    Map.entry(Role.GATEWAY, "the HTTP port: topic streams, publishing, the demo routes, the webroot"),
    Map.entry(Role.ANNOUNCER, "the nickname announcer demo (/listen, /events, /nickname)"),
    Map.entry(Role.CLOCK, "the clock demo (/remote)"),
    Map.entry(Role.MONITOR, "/monitor, the node's counters"),
    Map.entry(Role.KAFKA, "the Kafka bridge; runs only with a kafka section"),
    Map.entry(Role.REPORTS, "the report state machine (/v4/*)"),
    Map.entry(Role.GENERATOR, "the alert generator (/sse)"),
    Map.entry(Role.REDIS, "the Redis bridge (redis.subscribe, redis.mirror)"),
    Map.entry(Role.SWITCHBOARD, "the callback pipeline (/ssec, /q, /ssep)"),
    Map.entry(Role.PROCESSORS, "the pipeline's processors"),
    Map.entry(Role.MERCURE, "the Mercure protocol (/.well-known/mercure); runs only with mercure.enabled"));

  private CommandLine() {
  }

  public static boolean helpRequested(String[] args) {
    return Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-help") || arg.equals("-h"));
  }

  public static boolean versionRequested(String[] args) {
    return Arrays.stream(args).anyMatch(arg -> arg.equals("--version") || arg.equals("-version"));
  }

  /** The value of {@code -conf}/{@code --conf}, in either the {@code -conf X} or {@code -conf=X} form; null if none. */
  public static String confArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("-conf") || arg.equals("--conf")) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (arg.startsWith("-conf=") || arg.startsWith("--conf=")) {
        return arg.substring(arg.indexOf('=') + 1);
      }
    }
    return null;
  }

  /** The arguments without {@code -conf} and its value, for the launcher. */
  public static String[] withoutConf(String[] args) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("-conf") || arg.equals("--conf")) && i + 1 < args.length) {
        i++;
      } else if (!arg.startsWith("-conf=") && !arg.startsWith("--conf=")) {
        rest.add(arg);
      }
    }
    return rest.toArray(String[]::new);
  }

  /** {@code sse-hub <version> (Vert.x <version>, Java <version>)}; the hub's version is the jar manifest's. */
  public static String version() {
    String hub = CommandLine.class.getPackage().getImplementationVersion();
    return "sse-hub " + (hub == null ? "(version unknown: not run from the jar)" : hub)
      + " (Vert.x " + vertxVersion() + ", Java " + Runtime.version() + ")";
  }

  private static String vertxVersion() {
    try (InputStream in = CommandLine.class.getClassLoader().getResourceAsStream("META-INF/vertx/vertx-version.txt")) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static String help() {
    return """
      sse-hub: a Server-Sent Events hub. Browsers and curl subscribe to topics over HTTP; an HTTP POST, Redis,
      Kafka or the event bus publishes to them.

      Usage:
        java -jar sse-hub.jar [-conf <file or JSON>] [-cluster] [-instances <n>] [-options <file or JSON>]
        java -jar sse-hub.jar --help | --version

      Without -conf, one node runs every role on port 3000 and needs no other service.

      Options:
        -conf <file>      the node's config, a JSON file or inline JSON. A relative path that is not a file of
                          the working directory is taken from the configs in the jar: conf/all-in-one.json,
                          conf/gateway.json, conf/workers.json, conf/secure.json, ...
        -cluster, -c      join the other nodes (Hazelcast, cluster.xml); a clustered node runs some roles and
                          reaches the rest over the event bus
        -instances <n>    the node still runs each role once, and the gateway n x gateway.instances times
        -options <file>   Vert.x options as JSON (VertxOptions), such as {"eventLoopPoolSize": 4}
        --help            this text
        --version         the version of this jar

      Roles, the config's "deploy" list (every one by default):
      %s
      Environment:
        SSEHUB_<SECTION>_<KEY>  sets a config key over the file: the dotted key in upper snake case, such as
                                SSEHUB_GATEWAY_PORT=3001, SSEHUB_HISTORY_MAX_EVENTS=5000 or
                                SSEHUB_REPORTS_REDIS_KEY_PREFIX=hub1: (reports.redis.keyPrefix). Lists are
                                comma-separated: SSEHUB_DEPLOY=gateway,monitor. A bad value, or a SSEHUB_
                                variable that sets no key, stops start-up with a message naming it.
        HUB_HTTP_PORT           the older spelling of SSEHUB_GATEWAY_PORT (-Dhub.http.port overrides both)
        HUB_CLUSTER_NAME, HUB_CLUSTER_PORT, HUB_CLUSTER_MEMBERS, HUB_CLUSTER_INTERFACE
                                the cluster with -cluster (or -Dhub.cluster.name=...)
        HUB_LOG_FORMAT=json     one JSON object per log line; HUB_LOG_LEVEL=DEBUG for more lines
        Every key with its type, default, bounds and variable: docs/configuration.md in the repository.

      Examples:
        java -jar sse-hub.jar
        java -jar sse-hub.jar -conf conf/secure.json
        java -jar sse-hub.jar -cluster -conf conf/workers.json
        SSEHUB_GATEWAY_PORT=3001 java -jar sse-hub.jar -cluster -conf conf/gateway.json
        curl -N localhost:3000/topics/demo & curl -d hello localhost:3000/topics/demo
      """.formatted(roles());
  }

  private static String roles() {
    return Arrays.stream(Role.values())
      .map(role -> "  %-12s %s%n".formatted(role.configName(), ROLE_TEXT.getOrDefault(role, "")))
      .collect(Collectors.joining());
  }
}
