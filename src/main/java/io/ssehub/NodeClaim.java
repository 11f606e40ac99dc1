package io.ssehub;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * Which instance of a {@link HubVerticle} deployment runs the node: the launcher's {@code -instances N} starts N
 * of them with one deployment id, and the first to claim it runs every role; the rest stay idle. Two separate
 * deployments (as in tests) each run their own node.
 */
final class NodeClaim {

  private static final String MAP = "ssehub.node.claims";

  private NodeClaim() {
  }

  /** True for the first instance of this deployment to ask. */
  static boolean claim(Vertx vertx, String deploymentId) {
    return claims(vertx).putIfAbsent(deploymentId, true) == null;
  }

  static void release(Vertx vertx, String deploymentId) {
    claims(vertx).remove(deploymentId);
  }

  private static LocalMap<String, Boolean> claims(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
