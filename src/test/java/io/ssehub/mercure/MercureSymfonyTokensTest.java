package io.ssehub.mercure;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.MercureHub;
import io.ssehub.testing.MercureSigner;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import static io.ssehub.testing.MercureHub.subscribeUri;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What docs/mercure.md says of a Symfony app (symfony/mercure and its bundle) pointed at sse-hub, over real HTTP: a
 * token of the shape the bundle's token factory signs under {@code protocol_version: '1.0'} publishes, with the body
 * built as symfony/mercure builds it (each field {@code name=} plus the value encoded as PHP's {@code urlencode} does,
 * {@code topic} repeated); a token with the older {@code mercure} claim is refused; a {@code ?topic=} subscription of
 * the older protocol is a 400. The node trusts the issuer {@value #ISSUER}, as {@code mercure.issuer}.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Mercure with the tokens and requests of a Symfony app: the 1.0 token publishes, the older mercure claim does not")
class MercureSymfonyTokensTest {

  private static final String ISSUER = "https://app.example.com";
  private static final String BOOK = "https://example.com/books/1";

  private final HubFixture hub = HubFixture.with(MercureHub.overrides(true)
    .put("mercure", MercureHub.overrides(true).getJsonObject("mercure").put("issuer", ISSUER)));
  private final MercureHub mercure = new MercureHub(hub);

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("The bundle's 1.0 token (iss, sub, client_id, aud, iat and exp as decimals, jti, authorization_details) publishes a symfony/mercure form")
  void bundleTokenPublishes(VertxTestContext testContext) {
    long now = System.currentTimeMillis() / 1000;
    String token = mercure.signer().sign(new JsonObject()
      .put("iss", ISSUER)
      .put("sub", "urn:example:app")
      .put("client_id", ISSUER)
      .put("aud", MercureHub.PUBLIC_URL)
      .put("iat", now + 0.123456)
      .put("jti", "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
      .put("exp", now + 3600.654321)
      .put("authorization_details", new JsonArray().add(new JsonObject()
        .put("type", MercureSigner.DETAIL_TYPE)
        .put("actions", new JsonArray().add("publish"))
        .put("topics", new JsonArray().add(new JsonObject().put("match", "*"))))));
    String body = field("topic", "https://example.com/catalog") + "&" + field("topic", BOOK) + "&"
      + field("data", "{\"title\": \"Dune\", \"status\": \"OutOfStock\"}") + "&" + field("id", "urn:uuid:book-1-v2")
      + "&" + field("type", "book.updated") + "&" + field("retry", "5000");
    hub.deploy()
      .compose(v -> mercure.subscribe(null, subscribeUri("match", BOOK)))
      .compose(stream -> send(token, body)
        .compose(answer -> stream.awaitEvents(1).map(events -> {
          testContext.verify(() -> {
            assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
            assertThat(answer.bodyAsString()).isEqualTo("urn:uuid:book-1-v2");
            assertThat(events).containsExactly(new SseEvent("urn:uuid:book-1-v2", "book.updated",
              "{\"title\": \"Dune\", \"status\": \"OutOfStock\"}"));
          });
          return null;
        })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A token with the older mercure claim (typ JWT, no aud, no exp) is a 401 invalid_token; the claim grants nothing even in an otherwise valid token (403)")
  void olderClaimRefused(VertxTestContext testContext) {
    JsonObject olderClaim = new JsonObject().put("mercure", new JsonObject()
      .put("publish", new JsonArray().add("*"))
      .put("subscribe", new JsonArray()));
    String olderToken = signWithTypJwt(olderClaim);
    String validButOlderClaim = mercure.signer().sign(olderClaim.copy()
      .put("iss", ISSUER)
      .put("aud", MercureHub.PUBLIC_URL)
      .put("exp", System.currentTimeMillis() / 1000 + 3600));
    String body = field("topic", BOOK) + "&" + field("data", "refused");
    hub.deploy()
      .compose(v -> send(olderToken, body))
      .compose(refused -> send(validButOlderClaim, body).map(forbidden -> {
        testContext.verify(() -> {
          assertThat(refused.statusCode()).isEqualTo(401);
          assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
          assertThat(forbidden.statusCode()).isEqualTo(403);
          assertThat(forbidden.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A subscription of the older protocol, ?topic=..., is a 400 that names the parameters to use")
  void olderSubscriptionRefused(VertxTestContext testContext) {
    hub.deploy()
      .compose(v -> hub.get("/.well-known/mercure?topic=" + URLEncoder.encode(BOOK, StandardCharsets.UTF_8)).send())
      .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.bodyAsString()).contains("match=").contains("match_urlpattern=");
        testContext.completeNow();
      })));
  }

  private Future<HttpResponse<Buffer>> send(String token, String body) {
    return hub.post(MercureHub.PATH)
      .putHeader("Authorization", "Bearer " + token)
      .putHeader("Content-Type", "application/x-www-form-urlencoded")
      .sendBuffer(Buffer.buffer(body));
  }

  /** {@code name=value} with the value encoded as PHP's urlencode encodes it: a space is {@code +}. */
  private static String field(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** An HS256 token with the header {@code {"typ": "JWT", "alg": "HS256"}}, as lcobucci/jwt writes it by default. */
  private static String signWithTypJwt(JsonObject claims) {
    String signed = encode(new JsonObject().put("typ", "JWT").put("alg", "HS256")) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(MercureHub.KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signed + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
