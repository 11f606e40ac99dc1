package io.ssehub.config;

/**
 * How a clustered node judges its cluster for readiness, and how its event bus talks to the other nodes
 * (ignored without {@code -cluster}).
 *
 * @param quorum the fewest Hazelcast members, this node included, that it must see to report ready; a node cut
 *   off from the others sees fewer and says not ready. 1 (the default) never fails on the count; a cluster of
 *   {@code n} nodes sets a majority, {@code n / 2 + 1}, so that the side of a split that keeps the majority stays
 *   ready and the rest do not
 * @param tls the {@code cluster.tls} section: TLS with client certificates on the event bus between nodes; null
 *   when absent (plain TCP)
 */
public record ClusterConfig(int quorum, ClusterTlsConfig tls) {

  static ClusterConfig from(ConfigReader reader) {
    return new ClusterConfig(
      reader.integer("quorum", 1, 1, 1000),
      reader.has("tls") ? ClusterTlsConfig.from(reader.section("tls")) : null);
  }
}
