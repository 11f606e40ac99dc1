package io.ssehub.node;

import io.ssehub.config.Role;
import io.ssehub.gateway.RouteKit;
import io.ssehub.security.AccessRule;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.Set;

/**
 * What one module (a demo, a bridge) adds to a node, bound to its roles: the verticles it runs and the routes it
 * serves on the node's gateway, each route with its access rule. A node that deploys any of the module's roles
 * mounts all of the module's routes; a role that runs no verticle (a module's front, such as {@code pipeline}) is
 * how a gateway node serves the routes of a module whose verticles run on another node.
 *
 * <p>The core never names a module; the node's composition root ({@code io.ssehub.Modules}) lists them.
 */
public interface HubModule {

  /** The roles this module answers to; at least one. */
  Set<Role> roles();

  /** The verticles to deploy on this node, for the module's roles that {@code node} runs, in order. */
  default List<Deployment> deployments(NodeContext node) {
    return List.of();
  }

  /** A row for every route that {@link #mount} adds: who may use it. */
  default List<AccessRule> rules() {
    return List.of();
  }

  /** Adds the module's routes to one gateway instance's router. */
  default void mount(Router router, RouteKit kit) {
  }
}
