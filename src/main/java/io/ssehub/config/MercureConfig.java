package io.ssehub.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The Mercure protocol (section {@code mercure}), off unless {@code enabled}. Its keys are read whether it is on or
 * not; only when it is on must they hold together: {@code publicUrl} set, a {@code jwtKey} of at least 32 characters
 * for the HS algorithms of {@code jwtAlgorithms}, a readable {@code jwtPublicKeyFile} for the RS and ES ones.
 *
 * @param enabled whether the Mercure routes are served
 * @param publicUrl the hub's canonical URL ({@code https://host/.well-known/mercure}): the base of relative topics
 *                  and patterns, and the default audience
 * @param jwtKey the HMAC secret of HS256/384/512 tokens, or null; never shown ({@link #toString})
 * @param jwtPublicKeyFile the PEM public key of RS/ES tokens, or null
 * @param jwtAlgorithms the algorithms a token may be signed with; any other, and {@code none}, is refused
 * @param issuer the {@code iss} a token must carry, or null to accept any issuer that holds the key
 * @param audience the value {@code aud} must contain; {@code publicUrl} when not set
 * @param cookieName the cookie that may carry the token when there is no {@code Authorization} header
 * @param anonymous whether a subscriber without a token may subscribe (to updates not marked private)
 * @param maxMatchers the most topic matchers one subscription may have
 * @param leewaySeconds the clock skew allowed on {@code exp} and {@code nbf}
 */
public record MercureConfig(
  boolean enabled,
  String publicUrl,
  String jwtKey,
  String jwtPublicKeyFile,
  List<String> jwtAlgorithms,
  String issuer,
  String audience,
  String cookieName,
  boolean anonymous,
  int maxMatchers,
  int leewaySeconds) {

  public static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
    "ES256", "ES384", "ES512");
  private static final int MIN_SECRET = 32;

  static MercureConfig from(ConfigReader reader) {
    MercureConfig config = new MercureConfig(
      reader.bool("enabled", false),
      reader.string("publicUrl", null),
      reader.string("jwtKey", null),
      reader.string("jwtPublicKeyFile", null),
      reader.strings("jwtAlgorithms", List.of("HS256")),
      reader.string("issuer", null),
      reader.string("audience", null),
      reader.string("cookieName", "__Secure-mercure_access_token"),
      reader.bool("anonymous", false),
      reader.integer("maxMatchers", 32, 1, 1000),
      reader.integer("leewaySeconds", 0, 0, 600));
    if (config.enabled) {
      config.check(reader);
    }
    return config;
  }

  /** The {@code aud} a token must contain: {@code audience}, else {@code publicUrl}. */
  public String expectedAudience() {
    return audience != null ? audience : publicUrl;
  }

  private void check(ConfigReader reader) {
    if (publicUrl == null || !publicUrl.matches("(?i)https?://[^/?#]+.*")) {
      throw reader.invalid("publicUrl", "must be the hub's absolute http(s) URL, such as "
        + "https://hub.example.com/.well-known/mercure, when mercure is enabled; found " + describe(publicUrl));
    }
    for (String algorithm : jwtAlgorithms) {
      if (!ALGORITHMS.contains(algorithm)) {
        throw reader.invalid("jwtAlgorithms", "names \"" + algorithm + "\", which is not one of "
          + ALGORITHMS.stream().sorted().toList() + " (none is never accepted)");
      }
    }
    if (jwtAlgorithms.isEmpty()) {
      throw reader.invalid("jwtAlgorithms", "must name at least one algorithm");
    }
    if (jwtAlgorithms.stream().anyMatch(algorithm -> algorithm.startsWith("HS"))
      && (jwtKey == null || jwtKey.length() < MIN_SECRET)) {
      throw reader.invalid("jwtKey", "must be a secret of at least " + MIN_SECRET + " characters for "
        + jwtAlgorithms + ", found " + (jwtKey == null ? "none" : jwtKey.length() + " characters"));
    }
    if (jwtAlgorithms.stream().anyMatch(algorithm -> !algorithm.startsWith("HS"))
      && (jwtPublicKeyFile == null || !Files.isReadable(Path.of(jwtPublicKeyFile)))) {
      throw reader.invalid("jwtPublicKeyFile", "must name a readable PEM public key file for " + jwtAlgorithms
        + ", found " + describe(jwtPublicKeyFile));
    }
  }

  private static String describe(String value) {
    return value == null ? "none" : "\"" + value + "\"";
  }

  /** The record with the HMAC secret masked, as logs and answers may show it. */
  @Override
  public String toString() {
    return "MercureConfig[enabled=" + enabled + ", publicUrl=" + publicUrl + ", jwtKey="
      + (jwtKey == null ? null : Redacted.MASK) + ", jwtPublicKeyFile=" + jwtPublicKeyFile + ", jwtAlgorithms="
      + jwtAlgorithms + ", issuer=" + issuer + ", audience=" + audience + ", cookieName=" + cookieName
      + ", anonymous=" + anonymous + ", maxMatchers=" + maxMatchers + ", leewaySeconds=" + leewaySeconds + "]";
  }
}
