package io.ssehub.mercure;

import io.ssehub.config.MercureConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;

/**
 * The hub's OAuth 2.0 protected resource metadata (RFC 9728), which the specification asks a hub to publish at the
 * path derived from its URL ({@code /.well-known/oauth-protected-resource/.well-known/mercure}): {@code resource} the
 * audience tokens must name, {@code bearer_methods_supported} {@code ["header"]} (no query tokens), {@code
 * mercure_cookie} true (the cookie {@code mercure.cookieName} is read too), and {@code authorization_servers} with
 * {@code mercure.issuer} when one is set.
 */
final class ResourceMetadata {

  static final String PREFIX = "/.well-known/oauth-protected-resource";

  private ResourceMetadata() {
  }

  /** Where the document is served: the prefix, then the path of {@code mercure.publicUrl}. */
  static String path(MercureConfig config) {
    String hubPath = URI.create(config.publicUrl()).getRawPath();
    return PREFIX + (hubPath == null || hubPath.isEmpty() ? "" : hubPath);
  }

  static JsonObject document(MercureConfig config) {
    JsonObject document = new JsonObject()
      .put("resource", config.expectedAudience())
      .put("bearer_methods_supported", new JsonArray().add("header"))
      .put("mercure_cookie", true);
    if (config.issuer() != null) {
      document.put("authorization_servers", new JsonArray().add(config.issuer()));
    }
    return document;
  }
}
