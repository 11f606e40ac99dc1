package io.ssehub.security;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Malformed tokens: every one a 401 with a sentence that says what is wrong, never a 500")
class MalformedTokenTest {

  private static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  /** A token a hostile or broken client sends, and the words the 401 must contain. */
  private record Case(String what, String token, String says) {
  }

  private final HubFixture hub = HubFixture.with(new JsonObject().put("auth", Tokens.authSection()));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private static String claims(String payload) {
    return Tokens.handMade(HS256, payload);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static List<Case> cases() {
    String good = claims("{\"sub\":\"alice\",\"exp\":" + (now() + 60) + "}");
    String[] parts = good.split("\\.");
    return List.of(
      new Case("exp as a string", claims("{\"sub\":\"alice\",\"exp\":\"" + (now() + 60) + "\"}"),
        "'exp' claim must be a time in seconds since 1970 (a number), found a string"),
      new Case("nbf as a string", claims("{\"sub\":\"alice\",\"nbf\":\"yesterday\"}"),
        "'nbf' claim must be a time in seconds since 1970 (a number), found a string"),
      new Case("iat as an object", claims("{\"sub\":\"alice\",\"iat\":{}}"),
        "'iat' claim must be a time in seconds since 1970 (a number), found an object"),
      new Case("exp as null", claims("{\"sub\":\"alice\",\"exp\":null}"),
        "'exp' claim must be a time in seconds since 1970 (a number), found null"),
      new Case("exp as true", claims("{\"sub\":\"alice\",\"exp\":true}"),
        "'exp' claim must be a time in seconds since 1970 (a number), found true or false"),
      new Case("exp beyond the year 9999", claims("{\"sub\":\"alice\",\"exp\":1e400}"),
        "'exp' claim must be a time in seconds since 1970 from 0 to 253402300799"),
      new Case("exp that overflows a long", claims("{\"sub\":\"alice\",\"exp\":99999999999999999999999}"),
        "'exp' claim must be a time in seconds since 1970 from 0 to 253402300799"),
      new Case("negative nbf", claims("{\"sub\":\"alice\",\"nbf\":-5}"),
        "'nbf' claim must be a time in seconds since 1970 from 0 to 253402300799"),
      new Case("a header without alg", Tokens.handMade("{\"typ\":\"JWT\"}", "{\"sub\":\"alice\"}"),
        "Your token's header names no algorithm ('alg'); this hub accepts tokens signed with HS256"),
      new Case("alg none", Tokens.handMade("{\"alg\":\"none\"}", "{\"sub\":\"alice\"}"),
        "Your token is signed with 'none' but this hub accepts only HS256"),
      new Case("alg as a number", Tokens.handMade("{\"alg\":256}", "{\"sub\":\"alice\"}"),
        "Your token's header names no algorithm ('alg'); this hub accepts tokens signed with HS256"),
      new Case("another algorithm", Tokens.handMade("{\"alg\":\"RS256\"}", "{\"sub\":\"alice\"}"),
        "Your token is signed with 'RS256' but this hub accepts only HS256"),
      new Case("kid as a number", Tokens.handMade("{\"alg\":\"HS256\",\"kid\":7}", "{\"sub\":\"alice\"}"),
        "Your token's header field 'kid' must be a string"),
      new Case("critical extensions", Tokens.handMade("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{\"sub\":\"alice\"}"),
        "Your token's header lists critical extensions ('crit') that this hub does not know"),
      new Case("two parts", parts[0] + "." + parts[1],
        "Your token is not a JSON Web Token: it must be three base64url parts separated by dots"),
      new Case("four parts", good + ".x",
        "Your token is not a JSON Web Token: it must be three base64url parts separated by dots"),
      new Case("no signature", parts[0] + "." + parts[1] + ".",
        "Your token has no signature"),
      new Case("bad base64 in the payload", parts[0] + ".!!!." + parts[2],
        "Your token's payload is not base64url"),
      new Case("bad base64 in the signature", parts[0] + "." + parts[1] + ".a*b",
        "Your token's signature is not base64url"),
      new Case("a payload that is a JSON array", claims("[1,2,3]"), "Your token's payload is not a JSON object"),
      new Case("a payload that is not JSON", claims("sub=alice"), "Your token's payload is not a JSON object"),
      new Case("a header that is a JSON string", Tokens.handMade("\"HS256\"", "{\"sub\":\"alice\"}"),
        "Your token's header is not a JSON object"),
      new Case("sub as a number", claims("{\"sub\":42}"), "Your token's 'sub' claim (the user) must be a string, found a number"),
      new Case("sub empty", claims("{\"sub\":\"\"}"), "Your token's 'sub' claim (the user) is empty"),
      new Case("iss as a list", claims("{\"sub\":\"alice\",\"iss\":[\"x\"]}"),
        "Your token's 'iss' claim must be a string, found a list"),
      new Case("aud as a number", claims("{\"sub\":\"alice\",\"aud\":1}"),
        "Your token's 'aud' claim must be a string or a list of strings, found a number"),
      new Case("publish as an object", claims("{\"sub\":\"alice\",\"publish\":{\"news\":true}}"),
        "Your token's 'publish' claim must be a topic or a list of topics, found an object"),
      new Case("publish with a number in its list", claims("{\"sub\":\"alice\",\"publish\":[\"news\",3]}"),
        "Your token's 'publish' claim must be a topic or a list of topics, found a list holding a number"));
  }

  @Test
  @DisplayName("Claims of the wrong type, a header without or with a foreign alg, bad parts: 401 with a plain sentence")
  void malformedTokensAre401(VertxTestContext testContext) {
    List<Case> cases = cases();
    List<Future<HttpResponse<Buffer>>> answers = cases.stream()
      .map(sent -> hub.get("/v2/sse?username=alice").bearerTokenAuthentication(sent.token()).send())
      .toList();
    Future.all(answers).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
      for (int i = 0; i < cases.size(); i++) {
        Case sent = cases.get(i);
        HttpResponse<Buffer> answer = all.resultAt(i);
        String body = answer.bodyAsString();
        assertThat(answer.statusCode()).as(sent.what() + ": " + body).isEqualTo(401);
        assertThat(answer.getHeader("Content-Type")).as(sent.what()).startsWith("text/plain");
        assertThat(body).as(sent.what())
          .contains(sent.says())
          .endsWith("\n")
          .doesNotContain("Cannot invoke", "Exception", "java.", "\tat ", "expired");
      }
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("A token whose nbf is in the future is told it is not valid yet, and from when; not that it expired")
  void futureNotBefore(VertxTestContext testContext) {
    long startsAt = now() + 3600;
    String later = claims("{\"sub\":\"alice\",\"nbf\":" + startsAt + ",\"exp\":" + (startsAt + 60) + "}");
    hub.get("/v2/sse?username=alice")
      .bearerTokenAuthentication(later)
      .send()
      .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.bodyAsString()).isEqualTo("Your token is not valid yet: it starts at "
          + Instant.ofEpochSecond(startsAt) + "; connect again then, or get a token that is valid now.\n");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A token issued in the future (iat) is told to check the issuer's clock")
  void futureIssuedAt(VertxTestContext testContext) {
    long issuedAt = now() + 3600;
    String ahead = claims("{\"sub\":\"alice\",\"iat\":" + issuedAt + "}");
    hub.get("/v2/sse?username=alice")
      .bearerTokenAuthentication(ahead)
      .send()
      .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.bodyAsString()).isEqualTo("Your token says it was issued at " + Instant.ofEpochSecond(issuedAt)
          + ", which is in the future; the clock of the service that issued it is wrong: get a new one.\n");
        testContext.completeNow();
      })));
  }
}
