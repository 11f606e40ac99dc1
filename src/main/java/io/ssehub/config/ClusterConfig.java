package io.ssehub.config;

/**
 * How a clustered node judges its cluster for readiness (ignored without {@code -cluster}).
 *
 * @param quorum the fewest Hazelcast members, this node included, that it must see to report ready; a node cut
 *   off from the others sees fewer and says not ready. 1 (the default) never fails on the count; a cluster of
 *   {@code n} nodes sets a majority, {@code n / 2 + 1}, so that the side of a split that keeps the majority stays
 *   ready and the rest do not
 */
public record ClusterConfig(int quorum) {

  static ClusterConfig from(ConfigReader reader) {
    return new ClusterConfig(reader.integer("quorum", 1, 1, 1000));
  }
}
