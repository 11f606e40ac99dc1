package io.ssehub.node;

import io.ssehub.config.Role;
import io.vertx.core.Deployable;

import java.util.function.Supplier;

/**
 * One verticle that a module runs for one of its roles: {@code instances} copies, and {@code input} when it takes
 * messages in from outside the hub (a bridge, a generator), which the node stops first on shutdown.
 */
public record Deployment(Role role, Supplier<? extends Deployable> verticle, int instances, boolean input) {

  /** One instance of a verticle that does not take messages in from outside. */
  public static Deployment of(Role role, Supplier<? extends Deployable> verticle) {
    return new Deployment(role, verticle, 1, false);
  }

  /** One instance of a verticle that takes messages in from outside. */
  public static Deployment input(Role role, Supplier<? extends Deployable> verticle) {
    return new Deployment(role, verticle, 1, true);
  }
}
