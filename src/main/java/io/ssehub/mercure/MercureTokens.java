package io.ssehub.mercure;

import io.ssehub.config.MercureConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Verifies Mercure access tokens (RFC 9068 JWTs) with the JDK's own HMAC and signature code: header {@code typ}
 * {@code at+jwt} or {@code application/at+jwt}; {@code alg} one of {@code mercure.jwtAlgorithms} (never {@code none},
 * never a key from the token; a {@code crit} header is refused); {@code exp} required, {@code nbf} enforced when
 * present, both with {@code mercure.leewaySeconds}; {@code iss} equal to {@code mercure.issuer} when set; {@code aud}
 * containing {@link MercureConfig#expectedAudience()}. The rights come from {@code authorization_details}: entries of
 * type {@value #DETAIL_TYPE} with {@code actions} ({@code publish}, {@code subscribe}; others grant nothing) and
 * {@code topics}, matcher objects {@code {"match": "...", "match_type": "exact" | "urlpattern"}} (exact by default,
 * {@code *} for all; an unknown type or an invalid pattern grants nothing).
 *
 * <p>Every failure is the same 401 sentence (the spec's {@code invalid_token}); the reason is in
 * {@link MercureRefusal#detail()} for the log.
 */
public final class MercureTokens {

  public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";
  public static final String INVALID = "The token was not accepted (it is malformed, expired, not signed with a key "
    + "this hub trusts, or not meant for this hub); get a new one and try again.";
  private static final String BEARER = "bearer ";
  private static final Map<String, String> JDK_NAMES = Map.of(
    "HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512",
    "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
    "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format",
    "ES512", "SHA512withECDSAinP1363Format");

  private final MercureConfig config;
  private final PublicKey publicKey;

  public MercureTokens(MercureConfig config) {
    this(config, config.jwtPublicKeyFile() == null ? null : readPublicKey(Path.of(config.jwtPublicKeyFile())));
  }

  MercureTokens(MercureConfig config, PublicKey publicKey) {
    this.config = config;
    this.publicKey = publicKey;
  }

  /**
   * The token a request carries: the {@code Authorization: Bearer} header's when there is an Authorization header
   * (then the cookie is ignored, and a header of another scheme gives none), else the cookie's; null for none.
   */
  public static String tokenOf(String authorization, String cookie) {
    if (authorization != null && !authorization.isEmpty()) {
      boolean bearer = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
      String token = bearer ? authorization.substring(BEARER.length()).trim() : "";
      return token.isEmpty() ? null : token;
    }
    return cookie == null || cookie.isEmpty() ? null : cookie;
  }

  /** The token's rights, or a 401 {@link MercureRefusal}; {@code nowSeconds} is the epoch second to judge it at. */
  public MercureGrant verify(String token, long nowSeconds) {
    String problem;
    try {
      String[] parts = token.split("\\.", -1);
      problem = parts.length != 3 ? "it does not have three parts" : check(parts, nowSeconds);
      if (problem == null) {
        return grant(json(parts[1]));
      }
    } catch (RuntimeException e) {
      problem = "it could not be read: " + e.getMessage();
    }
    throw new MercureRefusal(401, INVALID, problem);
  }

  private String check(String[] parts, long now) {
    JsonObject header = json(parts[0]);
    String typ = header.getValue("typ") instanceof String value ? value : "";
    if (!typ.equalsIgnoreCase("at+jwt") && !typ.equalsIgnoreCase("application/at+jwt")) {
      return "its typ is \"" + typ + "\", not at+jwt";
    }
    String alg = header.getValue("alg") instanceof String value ? value : "";
    if (!config.jwtAlgorithms().contains(alg) || !JDK_NAMES.containsKey(alg)) {
      return "its alg " + alg + " is not one of " + config.jwtAlgorithms();
    }
    if (header.containsKey("crit")) {
      return "it has a crit header";
    }
    if (!signatureHolds(alg, parts)) {
      return "its signature does not check out";
    }
    return claimsProblem(json(parts[1]), now);
  }

  private String claimsProblem(JsonObject claims, long now) {
    if (!(claims.getValue("exp") instanceof Number exp)) {
      return "it has no exp";
    }
    if (now >= exp.longValue() + config.leewaySeconds()) {
      return "it expired at " + exp.longValue();
    }
    if (claims.getValue("nbf") instanceof Number nbf && now < nbf.longValue() - config.leewaySeconds()) {
      return "it is not valid before " + nbf.longValue();
    }
    if (config.issuer() != null && !config.issuer().equals(claims.getValue("iss"))) {
      return "its iss is " + claims.getValue("iss") + ", not " + config.issuer();
    }
    Object aud = claims.getValue("aud");
    boolean audienceHolds = aud instanceof String single ? single.equals(config.expectedAudience())
      : aud instanceof JsonArray list && list.contains(config.expectedAudience());
    return audienceHolds ? null : "its aud " + aud + " does not contain " + config.expectedAudience();
  }

  private boolean signatureHolds(String alg, String[] parts) {
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    try {
      if (alg.startsWith("HS")) {
        if (config.jwtKey() == null) {
          return false;
        }
        Mac mac = Mac.getInstance(JDK_NAMES.get(alg));
        mac.init(new SecretKeySpec(config.jwtKey().getBytes(StandardCharsets.UTF_8), JDK_NAMES.get(alg)));
        return MessageDigest.isEqual(mac.doFinal(signed), signature);
      }
      boolean keyFits = alg.startsWith("RS") ? publicKey instanceof RSAPublicKey : publicKey instanceof ECPublicKey;
      if (!keyFits) {
        return false;
      }
      Signature verifier = Signature.getInstance(JDK_NAMES.get(alg));
      verifier.initVerify(publicKey);
      verifier.update(signed);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private MercureGrant grant(JsonObject claims) {
    List<TopicSelector> publish = new ArrayList<>();
    List<TopicSelector> subscribe = new ArrayList<>();
    Object details = claims.getValue("authorization_details");
    if (details != null && !(details instanceof JsonArray)) {
      throw new IllegalArgumentException("authorization_details is not an array");
    }
    for (Object detail : details == null ? new JsonArray() : (JsonArray) details) {
      if (detail instanceof JsonObject entry && DETAIL_TYPE.equals(entry.getValue("type"))) {
        List<TopicSelector> topics = selectors(entry.getValue("topics"));
        JsonArray actions = entry.getValue("actions") instanceof JsonArray list ? list : new JsonArray();
        if (actions.contains("publish")) {
          publish.addAll(topics);
        }
        if (actions.contains("subscribe")) {
          subscribe.addAll(topics);
        }
      }
    }
    long exp = claims.getValue("exp") instanceof Number number ? number.longValue() : 0;
    return new MercureGrant(List.copyOf(publish), List.copyOf(subscribe), exp);
  }

  private List<TopicSelector> selectors(Object topics) {
    List<TopicSelector> selectors = new ArrayList<>();
    for (Object item : topics instanceof JsonArray list ? list : new JsonArray()) {
      if (item instanceof JsonObject matcher && matcher.getValue("match") instanceof String match) {
        Object type = matcher.getValue("match_type", "exact");
        try {
          if ("exact".equals(type)) {
            selectors.add(TopicSelector.exact(match));
          } else if ("urlpattern".equals(type)) {
            selectors.add(TopicSelector.urlPattern(match, config.publicUrl()));
          }
        } catch (IllegalArgumentException e) {
          // An invalid pattern grants nothing.
        }
      }
    }
    return selectors;
  }

  private static JsonObject json(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  /** An X.509 {@code PUBLIC KEY} PEM file, RSA or EC. */
  static PublicKey readPublicKey(Path file) {
    try {
      String pem = Files.readString(file);
      byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
      X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
      try {
        return KeyFactory.getInstance("RSA").generatePublic(spec);
      } catch (GeneralSecurityException notRsa) {
        return KeyFactory.getInstance("EC").generatePublic(spec);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the Mercure public key file " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("The Mercure public key file " + file + " holds no RSA or EC public key", e);
    }
  }
}
