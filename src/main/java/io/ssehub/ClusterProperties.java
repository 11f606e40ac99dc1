package io.ssehub;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The values of cluster.xml's {@code ${hub.cluster.*}} placeholders, which Hazelcast reads from the system
 * properties. Each one comes from {@code -D}, else from its environment variable, else a default that joins
 * the nodes of this machine over loopback. A node whose interface or members are not loopback has no default
 * name: it does not start until the operator names the cluster ({@link #unnamedAcrossHosts}).
 *
 * <table>
 *   <tr><th>property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>{@code hub.cluster.name}</td><td>{@code HUB_CLUSTER_NAME}</td><td>{@code sse-hub}</td></tr>
 *   <tr><td>{@code hub.cluster.port}</td><td>{@code HUB_CLUSTER_PORT}</td><td>{@code 5701}</td></tr>
 *   <tr><td>{@code hub.cluster.members}</td><td>{@code HUB_CLUSTER_MEMBERS}</td><td>{@code 127.0.0.1}</td></tr>
 *   <tr><td>{@code hub.cluster.interface}</td><td>{@code HUB_CLUSTER_INTERFACE}</td><td>{@code 127.0.0.1}</td></tr>
 * </table>
 *
 * <p>{@code hazelcast.logging.type} is set to {@code slf4j} unless given, so that Hazelcast logs through SLF4J
 * from its first line, before it has read cluster.xml.
 */
public final class ClusterProperties {

  static final Map<String, String> DEFAULTS = defaults();
  static final String NAME = "hub.cluster.name";
  static final String LOGGING_TYPE = "hazelcast.logging.type";

  private ClusterProperties() {
  }

  private static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("hub.cluster.name", "sse-hub");
    defaults.put("hub.cluster.port", "5701");
    defaults.put("hub.cluster.members", "127.0.0.1");
    defaults.put("hub.cluster.interface", "127.0.0.1");
    return defaults;
  }

  /** {@code hub.cluster.members} is {@code HUB_CLUSTER_MEMBERS}. */
  static String environmentName(String property) {
    return property.toUpperCase().replace('.', '_');
  }

  /**
   * Why the node must not start, or null: a node whose interface or members name another host than this one
   * (anything but loopback) needs a cluster name of the operator's choosing, from {@code -Dhub.cluster.name} or
   * {@code HUB_CLUSTER_NAME}, so that two installations whose member lists overlap do not join under the default.
   */
  static String unnamedAcrossHosts(Properties system, Map<String, String> environment) {
    if (given(NAME, system, environment) != null) {
      return null;
    }
    String interfaceValue = Objects.requireNonNullElse(given("hub.cluster.interface", system, environment),
      DEFAULTS.get("hub.cluster.interface"));
    String members = Objects.requireNonNullElse(given("hub.cluster.members", system, environment),
      DEFAULTS.get("hub.cluster.members"));
    boolean local = loopback(interfaceValue) && Arrays.stream(members.split(","))
      .map(String::trim)
      .map(ClusterProperties::host)
      .allMatch(ClusterProperties::loopback);
    return local ? null : "the cluster reaches beyond this host (hub.cluster.interface " + interfaceValue
      + ", hub.cluster.members " + members + "), so it needs a name of its own: set HUB_CLUSTER_NAME (or "
      + "-Dhub.cluster.name) to the same value on every node of this installation";
  }

  private static String given(String property, Properties system, Map<String, String> environment) {
    String value = system.getProperty(property);
    if (value == null || value.isBlank()) {
      value = environment.get(environmentName(property));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The host of {@code host}, {@code host:port} or {@code [v6]:port}. */
  private static String host(String member) {
    if (member.startsWith("[")) {
      return member.substring(1, Math.max(1, member.indexOf(']')));
    }
    int colon = member.indexOf(':');
    return colon < 0 || colon != member.lastIndexOf(':') ? member : member.substring(0, colon);
  }

  private static boolean loopback(String host) {
    return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
  }

  /** Sets every placeholder that {@code -D} left unset; returns the values now in force, for the log. */
  static Map<String, String> apply(Properties system, Map<String, String> environment) {
    if (system.getProperty(LOGGING_TYPE) == null) {
      system.setProperty(LOGGING_TYPE, "slf4j");
    }
    Map<String, String> used = new LinkedHashMap<>();
    DEFAULTS.forEach((property, fallback) -> {
      String value = system.getProperty(property);
      if (value == null || value.isBlank()) {
        String fromEnvironment = environment.get(environmentName(property));
        value = fromEnvironment == null || fromEnvironment.isBlank() ? fallback : fromEnvironment.trim();
        system.setProperty(property, value);
      }
      used.put(property, value);
    });
    return used;
  }
}
