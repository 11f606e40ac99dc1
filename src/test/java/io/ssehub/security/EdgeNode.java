package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.TestCertificates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node the HTTP edge tests attack: head, body and idle timeouts of {@link #TIMEOUT_SECONDS}, a cap of
 * {@link #MAX_HTTP_CONNECTIONS} HTTP connections, bodies of at most 1000 bytes, one allowed CORS origin.
 */
final class EdgeNode {

  static final int TIMEOUT_SECONDS = 2;
  static final int MAX_HTTP_CONNECTIONS = 8;

  private EdgeNode() {
  }

  static HubFixture fixture() {
    return HubFixture.with(config())
      .withWebClient(new WebClientOptions().setKeepAlive(false));
  }

  /** The same node on TLS with the test certificate {@code pair}, its web client trusting it. */
  static HubFixture tlsFixture(TestCertificates.Pair pair) {
    JsonObject config = config();
    config.getJsonObject("gateway").put("tls", new JsonObject()
      .put("certFile", pair.cert().toString()).put("keyFile", pair.key().toString()));
    return HubFixture.with(config)
      .withWebClient(new WebClientOptions().setKeepAlive(false).setSsl(true).setTrustAll(true).setVerifyHost(false));
  }

  private static JsonObject config() {
    return new JsonObject()
      .put("gateway", new JsonObject().put("maxBodyBytes", 1000).put("keepAliveSeconds", 1)
        .put("headTimeoutSeconds", TIMEOUT_SECONDS).put("bodyTimeoutSeconds", TIMEOUT_SECONDS)
        .put("idleTimeoutSeconds", TIMEOUT_SECONDS))
      .put("limits", new JsonObject().put("maxHttpConnections", MAX_HTTP_CONNECTIONS))
      .put("cors", new JsonObject().put("allowedOrigins", new JsonArray().add("https://app.example.com")));
  }

  /** The count of {@code ssehub_http_rejected_total} for {@code reason} in a /metrics text, 0 when absent. */
  static double rejected(String metrics, String reason) {
    Matcher matcher = Pattern.compile("ssehub_http_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)")
      .matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
