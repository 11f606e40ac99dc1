package io.ssehub.config;

import java.util.List;

/**
 * Which web origins other than the hub's own may call it from a browser.
 *
 * @param allowedOrigins origins such as {@code https://app.example.com}, or {@code *} for any (the default)
 * @param allowCredentials whether those origins may send cookies (for the token cookie); needs explicit origins
 */
public record CorsConfig(List<String> allowedOrigins, boolean allowCredentials) {

  static CorsConfig from(ConfigReader reader) {
    List<String> origins = reader.strings("allowedOrigins", List.of("*"));
    boolean credentials = reader.bool("allowCredentials", false);
    for (String origin : origins) {
      if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
        throw reader.invalid("allowedOrigins", "must hold origins like https://app.example.com (scheme and host, "
          + "no path) or *, found \"" + origin + "\"");
      }
    }
    if (credentials && origins.contains("*")) {
      throw reader.invalid("allowCredentials", "needs explicit origins in 'cors.allowedOrigins'; browsers refuse "
        + "credentials with *");
    }
    return new CorsConfig(origins, credentials);
  }

  public boolean anyOrigin() {
    return allowedOrigins.contains("*");
  }
}
