package io.ssehub.gateway;

import io.ssehub.bus.Publisher;
import io.ssehub.node.NodeContext;
import io.vertx.core.Vertx;

/**
 * What one gateway instance hands the routes it mounts: its Vert.x, its {@link StreamServices} (to open SSE
 * streams), a {@link Publisher} with the gateway's request timeout, and the node's context (config sections,
 * meters). Built in the instance's {@code start()}.
 */
public record RouteKit(Vertx vertx, StreamServices streams, Publisher publisher, NodeContext node) {

  /** {@code gateway.requestTimeoutMillis}: the send timeout of a route's requests on the bus. */
  public long requestTimeoutMillis() {
    return node.config().gateway().requestTimeoutMillis();
  }
}
