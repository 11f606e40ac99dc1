package io.ssehub.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * Who may use one route, by method and path exactly as the route is mounted: anyone ({@link #open}), whoever
 * {@code access} says for the request ({@link #of}), or an operator ({@link #management}: a token whose
 * {@code auth.manageClaim} claim is {@code true}). {@link AuthRoutes} mounts a guard for each row that is not open.
 */
public record AccessRule(HttpMethod method, String path, Function<RoutingContext, Access> access, boolean management) {

  static final Function<RoutingContext, Access> OPEN = ctx -> Access.OPEN;

  public static AccessRule of(HttpMethod method, String path, Function<RoutingContext, Access> access) {
    return new AccessRule(method, path, access, false);
  }

  public static AccessRule open(HttpMethod method, String path) {
    return new AccessRule(method, path, OPEN, false);
  }

  /** A {@code GET} route for operators. */
  public static AccessRule management(String path) {
    return new AccessRule(HttpMethod.GET, path, OPEN, true);
  }

  boolean isOpen() {
    return !management && access == OPEN;
  }
}
