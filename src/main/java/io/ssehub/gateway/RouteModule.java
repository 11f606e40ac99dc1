package io.ssehub.gateway;

import io.vertx.ext.web.Router;

/** A group of routes that one role contributes to the gateway's port. */
@FunctionalInterface
public interface RouteModule {

  void mount(Router router);
}
