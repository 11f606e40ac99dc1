package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A Mercure hub under test: the config of a node with the {@code mercure} role on (history, gateway, mercure), a
 * {@link MercureSigner} with its key and audience, and the calls a Mercure publisher and subscriber make over real
 * HTTP through a {@link HubFixture}.
 */
public final class MercureHub {

  public static final String PATH = "/.well-known/mercure";
  /** The hub's canonical URL in the tests: the audience of tokens and the base of relative topics. */
  public static final String PUBLIC_URL = "https://hub.example.com/.well-known/mercure";
  public static final String KEY = "a Mercure test key, long enough for HS256";

  private final HubFixture hub;
  private final MercureSigner signer = new MercureSigner(KEY, PUBLIC_URL);

  public MercureHub(HubFixture hub) {
    this.hub = hub;
  }

  /** The overrides of a node with the Mercure role on; {@code anonymous}: whether subscribers need no token. */
  public static JsonObject overrides(boolean anonymous) {
    return new JsonObject()
      .put("deploy", new JsonArray().add("history").add("gateway").add("mercure"))
      .put("mercure", new JsonObject()
        .put("enabled", true)
        .put("publicUrl", PUBLIC_URL)
        .put("jwtKey", KEY)
        .put("anonymous", anonymous));
  }

  public MercureSigner signer() {
    return signer;
  }

  /** A token that may publish to every topic, for a minute. */
  public String publisherToken() {
    return signer.token(60, MercureSigner.publish("*"));
  }

  /** A form of name/value pairs. */
  public static MultiMap form(String... pairs) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      form.add(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  /** {@code /.well-known/mercure?name=value&...}, each value percent-encoded as URLSearchParams does. */
  public static String subscribeUri(String... pairs) {
    StringBuilder uri = new StringBuilder(PATH);
    for (int i = 0; i < pairs.length; i += 2) {
      uri.append(i == 0 ? '?' : '&').append(pairs[i]).append('=')
        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return uri.toString();
  }

  /** A form-encoded publish with {@code token} as a Bearer header (none when null). */
  public Future<HttpResponse<Buffer>> publish(String token, MultiMap form) {
    HttpRequest<Buffer> request = hub.post(PATH);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request.sendForm(form);
  }

  /** A publish with the publisher token that must succeed; the future holds the update's id (the body). */
  public Future<String> published(String... pairs) {
    return publish(publisherToken(), form(pairs)).map(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("publish answered " + response.statusCode() + ": " + response.bodyAsString());
      }
      return response.bodyAsString();
    });
  }

  /** A subscription stream; {@code token} in a Bearer header when not null. */
  public Future<SseRecorder> subscribe(String token, String uri) {
    return subscribe(token, uri, MultiMap.caseInsensitiveMultiMap());
  }

  public Future<SseRecorder> subscribe(String token, String uri, MultiMap headers) {
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    return hub.open(uri, headers);
  }
}
