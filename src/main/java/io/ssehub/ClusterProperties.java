package io.ssehub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The values of cluster.xml's {@code ${hub.cluster.*}} placeholders, which Hazelcast reads from the system
 * properties. Each one comes from {@code -D}, else from its environment variable, else a default that joins
 * the nodes of this machine over loopback:
 *
 * <table>
 *   <tr><th>property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>{@code hub.cluster.name}</td><td>{@code HUB_CLUSTER_NAME}</td><td>{@code sse-hub}</td></tr>
 *   <tr><td>{@code hub.cluster.port}</td><td>{@code HUB_CLUSTER_PORT}</td><td>{@code 5701}</td></tr>
 *   <tr><td>{@code hub.cluster.members}</td><td>{@code HUB_CLUSTER_MEMBERS}</td><td>{@code 127.0.0.1}</td></tr>
 *   <tr><td>{@code hub.cluster.interface}</td><td>{@code HUB_CLUSTER_INTERFACE}</td><td>{@code 127.0.0.1}</td></tr>
 * </table>
 */
public final class ClusterProperties {

  static final Map<String, String> DEFAULTS = defaults();

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

  /** Sets every placeholder that {@code -D} left unset; returns the values now in force, for the log. */
  static Map<String, String> apply(Properties system, Map<String, String> environment) {
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
