package io.ssehub.mercure;

import io.ssehub.config.MercureConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("MercureTokens: RFC 9068 access tokens checked as the Mercure protocol says, and the rights they grant")
class MercureTokensTest {

  private static final String HUB = "https://hub.example.com/.well-known/mercure";
  private static final String ISSUER = "https://issuer.example.com";
  private static final String SECRET = "a test key that is long enough for HS256 tokens";
  private static final long NOW = 1_900_000_000L;

  @TempDir
  Path dir;

  private final MercureTokens tokens = new MercureTokens(config(List.of("HS256"), null));

  @Test
  @DisplayName("A valid token is accepted, with its publish and subscribe matchers and its exp")
  void valid() {
    MercureGrant grant = tokens.verify(hs256(header(), claims()), NOW);
    assertThat(grant.expiresAt()).isEqualTo(NOW + 60);
    assertThat(grant.mayPublish(List.of("https://example.com/books/1"))).isTrue();
    assertThat(grant.maySee(List.of("https://example.com/books/1"))).isTrue();
    assertThat(tokens.verify(hs256(header().put("typ", "application/at+jwt"), claims()), NOW)).isNotNull();
    assertThat(tokens.verify(hs256(header(), claims().put("aud", HUB)), NOW)).as("aud as one string").isNotNull();
  }

  @Test
  @DisplayName("Expired, not yet valid or without exp: refused with the one invalid-token sentence")
  void times() {
    refused(hs256(header(), claims().put("exp", NOW)), "expired");
    refused(hs256(header(), claims().put("exp", NOW - 1)), "expired");
    refused(hs256(header(), claims().put("nbf", NOW + 10)), "not valid before");
    refused(hs256(header(), without(claims(), "exp")), "no exp");
    assertThat(tokens.verify(hs256(header(), claims().put("nbf", NOW)), NOW)).isNotNull();
  }

  @Test
  @DisplayName("A wrong issuer or an audience that is not this hub is refused")
  void issuerAndAudience() {
    refused(hs256(header(), claims().put("iss", "https://evil.example.com")), "iss");
    refused(hs256(header(), without(claims(), "iss")), "iss");
    refused(hs256(header(), claims().put("aud", new JsonArray().add("https://other.example.com/.well-known/mercure"))),
      "aud");
    refused(hs256(header(), without(claims(), "aud")), "aud");
  }

  @Test
  @DisplayName("A typ other than at+jwt, alg none, an algorithm not on the list, a crit header, a bad signature: refused")
  void headerAndSignature() {
    refused(hs256(header().put("typ", "JWT"), claims()), "typ");
    refused(hs256(without(header(), "typ"), claims()), "typ");
    String none = encode(header().put("alg", "none")) + "." + encode(claims()) + ".";
    refused(none, "alg none");
    refused(sign("HS512", "HmacSHA512", header().put("alg", "HS512"), claims()), "alg HS512");
    refused(hs256(header().put("crit", new JsonArray().add("exp")), claims()), "crit");
    String token = hs256(header(), claims());
    refused(token.substring(0, token.length() - 4) + "AAAA", "signature");
    MercureTokens otherKey = new MercureTokens(new MercureConfig(true, HUB, "another key, also long enough for HS256",
      null, List.of("HS256"), ISSUER, null, "c", false, 32, 0));
    assertThatThrownBy(() -> otherKey.verify(token, NOW)).isInstanceOf(MercureRefusal.class);
    refused("not.a.token", "read");
    refused("two.parts", "three parts");
  }

  @Test
  @DisplayName("ES256 and RS256 with the configured public key file; an RS token with the HMAC secret as key is refused")
  void publicKeys() throws Exception {
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    Path pem = Files.writeString(dir.resolve("ec.pem"), "-----BEGIN PUBLIC KEY-----\n"
      + Base64.getMimeEncoder().encodeToString(ec.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    MercureTokens es = new MercureTokens(config(List.of("ES256", "HS256"), pem.toString()));
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(ec.getPrivate());
    String signed = encode(header().put("alg", "ES256")) + "." + encode(claims());
    signer.update(signed.getBytes(StandardCharsets.US_ASCII));
    String token = signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    assertThat(es.verify(token, NOW).mayPublish(List.of("https://example.com/books/2"))).isTrue();
    String otherClaims = encode(header().put("alg", "ES256")) + "." + encode(claims().put("sub", "user-2"));
    assertThatThrownBy(() -> es.verify(otherClaims + token.substring(token.lastIndexOf('.')), NOW))
      .as("the signature of other claims").isInstanceOf(MercureRefusal.class);

    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    MercureTokens rs = new MercureTokens(config(List.of("RS256"), null), rsa.getPublic());
    Signature rsaSigner = Signature.getInstance("SHA256withRSA");
    rsaSigner.initSign(rsa.getPrivate());
    String rsSigned = encode(header().put("alg", "RS256")) + "." + encode(claims());
    rsaSigner.update(rsSigned.getBytes(StandardCharsets.US_ASCII));
    assertThat(rs.verify(rsSigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsaSigner.sign()), NOW))
      .isNotNull();
    assertThatThrownBy(() -> rs.verify(hs256(header(), claims()), NOW)).as("HS256 is not on this hub's list")
      .isInstanceOf(MercureRefusal.class);
    assertThatThrownBy(() -> es.verify(sign("RS256", "HmacSHA256", header().put("alg", "RS256"), claims()), NOW))
      .as("RS256 is not on the list").isInstanceOf(MercureRefusal.class);
  }

  @Test
  @DisplayName("Publishing needs a publish matcher for every topic of the update; exact, URL Pattern and * matchers")
  void publishRights() {
    MercureGrant grant = tokens.verify(hs256(header(), claims()), NOW);
    assertThat(grant.mayPublish(List.of("https://example.com/books/1", "https://example.com/books/2"))).isTrue();
    assertThat(grant.mayPublish(List.of("https://example.com/books/1", "https://example.com/authors/1"))).isFalse();
    assertThat(grant.mayPublish(List.of("https://example.com/books/1/reviews"))).isFalse();
    assertThat(grant.mayPublish(List.of("alerts"))).isTrue();
    assertThat(grant.mayPublish(List.of())).isFalse();
    MercureGrant all = tokens.verify(hs256(header(), claims().put("authorization_details", new JsonArray()
      .add(detail(new JsonArray().add("publish"), new JsonObject().put("match", "*").put("match_type", "urlpattern"))))),
      NOW);
    assertThat(all.mayPublish(List.of("anything", "https://example.com/x"))).isTrue();
    assertThat(all.maySee(List.of("anything"))).as("publish grants no subscribe").isFalse();
  }

  @Test
  @DisplayName("Private updates: visible when a subscribe matcher covers one of their topics; unknown actions, types and matcher types grant nothing")
  void privateVisibility() {
    MercureGrant grant = tokens.verify(hs256(header(), claims()), NOW);
    assertThat(grant.maySee(List.of("https://example.com/books/9"))).isTrue();
    assertThat(grant.maySee(List.of("https://example.com/authors/1", "https://example.com/books/9"))).isTrue();
    assertThat(grant.maySee(List.of("https://example.com/authors/1"))).isFalse();
    assertThat(grant.maySee(List.of("alerts"))).as("alerts is publish-only").isFalse();
    assertThat(MercureGrant.NONE.maySee(List.of("https://example.com/books/9"))).isFalse();
    JsonArray odd = new JsonArray()
      .add(detail(new JsonArray().add("read"), new JsonObject().put("match", "*")))
      .add(detail(new JsonArray().add("subscribe"), new JsonObject().put("match", "*").put("match_type", "regexp")))
      .add(detail(new JsonArray().add("subscribe"), new JsonObject().put("match", "/x/:id(\\d+)").put("match_type", "urlpattern")))
      .add(new JsonObject().put("type", "https://example.com/other").put("actions", new JsonArray().add("subscribe"))
        .put("topics", new JsonArray().add(new JsonObject().put("match", "*"))));
    MercureGrant nothing = tokens.verify(hs256(header(), claims().put("authorization_details", odd)), NOW);
    assertThat(nothing.maySee(List.of("https://example.com/books/9"))).isFalse();
    assertThat(nothing.mayPublish(List.of("https://example.com/books/9"))).isFalse();
    assertThat(tokens.verify(hs256(header(), without(claims(), "authorization_details")), NOW).subscribe()).isEmpty();
  }

  @Test
  @DisplayName("The Authorization header wins over the cookie; a header of another scheme gives no token")
  void headerOrCookie() {
    assertThat(MercureTokens.tokenOf("Bearer from-header", "from-cookie")).isEqualTo("from-header");
    assertThat(MercureTokens.tokenOf("bearer from-header", null)).isEqualTo("from-header");
    assertThat(MercureTokens.tokenOf(null, "from-cookie")).isEqualTo("from-cookie");
    assertThat(MercureTokens.tokenOf("", "from-cookie")).isEqualTo("from-cookie");
    assertThat(MercureTokens.tokenOf("Basic dXNlcjpwdw==", "from-cookie")).isNull();
    assertThat(MercureTokens.tokenOf(null, null)).isNull();
  }

  private void refused(String token, String because) {
    assertThatThrownBy(() -> tokens.verify(token, NOW))
      .isInstanceOfSatisfying(MercureRefusal.class, refusal -> {
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.getMessage()).isEqualTo(MercureTokens.INVALID);
        assertThat(refusal.detail()).contains(because);
      });
  }

  private static MercureConfig config(List<String> algorithms, String publicKeyFile) {
    return new MercureConfig(true, HUB, SECRET, publicKeyFile, algorithms, ISSUER, null,
      "__Secure-mercure_access_token", false, 32, 0);
  }

  private static JsonObject header() {
    return new JsonObject().put("alg", "HS256").put("typ", "at+jwt");
  }

  private static JsonObject claims() {
    return new JsonObject().put("iss", ISSUER).put("aud", new JsonArray().add(HUB)).put("sub", "user-1")
      .put("exp", NOW + 60).put("iat", NOW)
      .put("authorization_details", new JsonArray()
        .add(detail(new JsonArray().add("publish").add("subscribe"),
          new JsonObject().put("match", "https://example.com/books/:id").put("match_type", "urlpattern")))
        .add(detail(new JsonArray().add("publish"), new JsonObject().put("match", "alerts"))));
  }

  private static JsonObject detail(JsonArray actions, JsonObject... topics) {
    JsonArray matchers = new JsonArray();
    for (JsonObject topic : topics) {
      matchers.add(topic);
    }
    return new JsonObject().put("type", MercureTokens.DETAIL_TYPE).put("actions", actions).put("topics", matchers);
  }

  private static JsonObject without(JsonObject json, String key) {
    json.remove(key);
    return json;
  }

  private static String hs256(JsonObject header, JsonObject claims) {
    return sign("HS256", "HmacSHA256", header, claims);
  }

  private static String sign(String alg, String mac, JsonObject header, JsonObject claims) {
    try {
      String signed = encode(header) + "." + encode(claims);
      Mac hmac = Mac.getInstance(mac);
      hmac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), mac));
      return signed + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(alg, e);
    }
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
