package io.ssehub.gateway;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The two webroot files that need more than the static handler gives them. {@code GET /sse-hub.js}, the browser
 * client module (webroot/sse-hub.js, see docs/client.md), goes out as {@code text/javascript}, the type the HTML
 * standard names for scripts; the static handler still serves the bytes, caching headers and 304s. Browsers ask
 * every page of the hub for {@code GET /favicon.ico}; it is sent on to webroot/favicon.svg.
 */
public final class WebrootRoutes implements RouteModule {

  /** The browser client module's path. */
  public static final String CLIENT_MODULE = "/sse-hub.js";
  /** Where browsers look for a page's icon when it names none. */
  public static final String FAVICON = "/favicon.ico";

  @Override
  public void mount(Router router) {
    router.get(CLIENT_MODULE).handler(WebrootRoutes::asJavaScript);
    router.get(FAVICON).handler(WebrootRoutes::toSvgIcon);
  }

  private static void asJavaScript(RoutingContext ctx) {
    ctx.addHeadersEndHandler(ready -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8"));
    ctx.next();
  }

  private static void toSvgIcon(RoutingContext ctx) {
    ctx.response()
      .setStatusCode(301)
      .putHeader("Location", "/favicon.svg")
      .putHeader("Cache-Control", "max-age=86400")
      .end();
  }
}
