package io.ssehub.node;

import io.ssehub.gateway.TopicFanout;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Owns the node's {@link TopicFanout} on a node without the history role: the fanout runs on this verticle's
 * context from {@code start()} on. Consumes {@code hub.node.stats} through the fanout. Config: none.
 */
public class FanoutVerticle extends VerticleBase {

  private final TopicFanout fanout;

  public FanoutVerticle(NodeContext node) {
    this.fanout = node.fanout();
  }

  @Override
  public Future<?> start() {
    return fanout.start(context);
  }
}
