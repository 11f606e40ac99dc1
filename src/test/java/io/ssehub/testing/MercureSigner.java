package io.ssehub.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * Signs Mercure access tokens for tests with the JDK's HMAC (HS256, header {@code typ: at+jwt}), as a publisher with
 * the hub's key would: {@link #token} with {@code aud}, {@code exp} and the {@code authorization_details} entries
 * built by {@link #detail}.
 */
public final class MercureSigner {

  public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";

  private final String key;
  private final String audience;

  public MercureSigner(String key, String audience) {
    this.key = key;
    this.audience = audience;
  }

  /** A token for the hub's audience, valid for {@code seconds} from now, with these authorization details. */
  public String token(long seconds, JsonObject... details) {
    JsonObject claims = new JsonObject()
      .put("aud", audience)
      .put("sub", "test-subscriber")
      .put("exp", System.currentTimeMillis() / 1000 + seconds)
      .put("authorization_details", new JsonArray(List.of((Object[]) details)));
    return sign(claims);
  }

  /** Signs these claims as they are, with the header {@code {"alg": "HS256", "typ": "at+jwt"}}. */
  public String sign(JsonObject claims) {
    String signed = encode(new JsonObject().put("alg", "HS256").put("typ", "at+jwt")) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signed + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One {@code authorization_details} entry: {@code actions} ({@code publish}, {@code subscribe}) over exact topic
   * matchers, or URL patterns when a matcher starts with {@code pattern:}.
   */
  public static JsonObject detail(JsonArray actions, String... matchers) {
    JsonArray topics = new JsonArray();
    for (String matcher : matchers) {
      topics.add(matcher.startsWith("pattern:")
        ? new JsonObject().put("match", matcher.substring("pattern:".length())).put("match_type", "urlpattern")
        : new JsonObject().put("match", matcher));
    }
    return new JsonObject().put("type", DETAIL_TYPE).put("actions", actions).put("topics", topics);
  }

  public static JsonObject publish(String... matchers) {
    return detail(new JsonArray().add("publish"), matchers);
  }

  public static JsonObject subscribe(String... matchers) {
    return detail(new JsonArray().add("subscribe"), matchers);
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
