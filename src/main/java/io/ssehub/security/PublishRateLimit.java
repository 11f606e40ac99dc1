package io.ssehub.security;

import io.micrometer.core.instrument.Counter;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.metrics.HubMetrics;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The per-client publish rate ({@code limits.publishRate}, {@code limits.publishBurst}): a token bucket per client
 * in the node's {@link PublishBuckets}, keyed by the subject of the token that let the request on
 * ({@link AuthRoutes#subject}) when auth is on, else by the client's address. Over the rate: 429 with
 * {@code Retry-After} (whole seconds until the client's next token) and a sentence, and the meter
 * {@code ssehub.publish.limited} counts it. Mounted after the auth guards and before the publish routes, on
 * {@link #PATHS} for {@code POST}; a path whose route the node does not serve passes on to its 404.
 */
public final class PublishRateLimit {

  /** The publish routes: the raw one, the JSON one and the Mercure one. */
  public static final List<String> PATHS = List.of("/topics/:topic", "/publish", "/.well-known/mercure");

  private final PublishBuckets buckets;
  private final Counter limited;

  public PublishRateLimit(PublishBuckets buckets, HubMetrics metrics) {
    this.buckets = buckets;
    this.limited = metrics.counter("ssehub.publish.limited", "Publish requests refused with 429 by limits.publishRate");
  }

  /**
   * Mounts the limit on each of {@link #PATHS}, for every method (it lets all but {@code POST} by), so that it is no
   * route of its own: the routes that answer, and their access rules, stay those of their modules. Nothing is
   * mounted when {@code limits.publishRate} is 0.
   */
  public void mount(Router router) {
    if (!buckets.enabled()) {
      return;
    }
    PATHS.forEach(path -> router.route(path).handler(this::limit));
  }

  private void limit(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.POST) {
      ctx.next();
      return;
    }
    long waitSeconds = buckets.take(clientKey(ctx));
    if (waitSeconds == 0) {
      ctx.next();
      return;
    }
    limited.increment();
    ctx.response().putHeader("Retry-After", String.valueOf(waitSeconds));
    HttpReplies.text(ctx, 429, "You are publishing faster than this hub allows (limits.publishRate); wait "
      + waitSeconds + " s before the next publish, or spread your events out.");
  }

  private static String clientKey(RoutingContext ctx) {
    String subject = AuthRoutes.subject(ctx);
    if (subject != null) {
      return "sub:" + subject;
    }
    return ctx.request().remoteAddress() == null ? "address:unknown"
      : "address:" + ctx.request().remoteAddress().hostAddress();
  }
}
