package io.ssehub.config;

import java.util.Set;

/**
 * Authentication with JSON Web Tokens, on when the {@code auth} section is present (and not
 * {@code "enabled": false}). Without it the node is open: anyone who reaches the port may publish and
 * subscribe to every topic.
 *
 * @param algorithm the JWS algorithm the tokens are signed with (HS256/384/512 with a shared secret, RS256
 *                  or ES256 with a PEM public key)
 * @param key the shared secret, or the PEM public key
 * @param cookie the cookie that may carry the token (EventSource cannot send headers)
 * @param queryToken whether {@code ?access_token=} is accepted too (it ends up in logs and browser history)
 * @param manageClaim the claim that must be {@code true} for the management routes ({@code /metrics}, {@code /monitor},
 *                    {@code /ready}, the switchboard's stats)
 * @param publishClaim the claim that lists the topics (names or {@code prefix*} patterns) a token may publish to
 * @param leewaySeconds the clock skew allowed on {@code exp}, {@code nbf} and {@code iat}; a stream a token opened
 *                      ends this long after the token's {@code exp}
 * @param requireExp whether a token without {@code exp} is refused (401); off by default, on in
 *                   {@code conf/secure.json}
 */
public record AuthConfig(
  boolean enabled,
  String algorithm,
  String key,
  String issuer,
  String audience,
  String cookie,
  boolean queryToken,
  String manageClaim,
  String publishClaim,
  int leewaySeconds,
  boolean requireExp) {

  private static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "ES256");
  private static final int MIN_SECRET = 32;

  public static AuthConfig open() {
    return new AuthConfig(false, null, null, null, null, null, false, null, null, 0, false);
  }

  static AuthConfig from(ConfigReader reader, boolean present) {
    boolean enabled = present && reader.bool("enabled", true);
    if (!enabled) {
      reader.acceptAllKeys();
      return open();
    }
    String algorithm = reader.oneOf("algorithm", "HS256", ALGORITHMS);
    return new AuthConfig(true, algorithm, key(reader, algorithm),
      reader.string("issuer", null),
      reader.string("audience", null),
      reader.string("cookie", "ssehub_token"),
      reader.bool("queryToken", false),
      reader.string("manageClaim", "manage"),
      reader.string("publishClaim", "publish"),
      reader.integer("leewaySeconds", 0, 0, 600),
      reader.bool("requireExp", false));
  }

  /** The secret or public key: inline ({@code secret}, {@code publicKey}) or from an environment variable. */
  private static String key(ConfigReader reader, String algorithm) {
    boolean shared = algorithm.startsWith("HS");
    String keyName = shared ? "secret" : "publicKey";
    String value = reader.string(keyName, null);
    String envName = reader.string(keyName + "Env", null);
    if (value == null && envName != null) {
      value = System.getenv(envName);
      if (value == null || value.isBlank()) {
        throw reader.invalid(keyName + "Env", "names the environment variable " + envName + ", which is not set");
      }
    }
    if (value == null) {
      throw reader.invalid(keyName, "is required when auth is on with " + algorithm
        + " (or name an environment variable in '" + keyName + "Env')");
    }
    if (shared && value.length() < MIN_SECRET) {
      throw reader.invalid(keyName, "must be at least " + MIN_SECRET + " characters for " + algorithm
        + ", found " + value.length());
    }
    return value;
  }
}
