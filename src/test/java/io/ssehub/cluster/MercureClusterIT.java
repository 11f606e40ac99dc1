package io.ssehub.cluster;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.HubProcess;
import io.ssehub.testing.MercureHub;
import io.ssehub.testing.MercureSigner;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Two JVMs from the fat jar joined by Hazelcast, both from conf/gateway-redis.json with the {@code mercure} role
 * added, sharing their history in a real redis-server: a Mercure subscriber leaves node A and resumes on node B
 * with {@code Last-Event-ID}, and gets what it missed, once, in order, private updates only where its token
 * covers one of their topics. An anonymous subscriber resumes from the last update it saw, a public one.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Mercure on a cluster with the history in Redis: a subscriber resumes on another node")
class MercureClusterIT {

  private static final String PROBE = "urn:ssehub:probe";
  private static final String TWO = "urn:uuid:9b2f6c1e-0d4a-4e8b-a3c5-7f1d2e3b4a5c";
  private static final String BOOKS = "https://example.com/books/:id";
  private static final String SECRET = "https://example.com/secret/1";
  private static final String QUERY = "?match_urlpattern=" + encode(BOOKS) + "&match=" + encode(SECRET);

  private final ClusterNodes cluster = new ClusterNodes(2);
  private final HubFixture hub = HubFixture.defaults().withRedis();
  private final MercureHub mercure = new MercureHub(hub);
  private HubProcess nodeA;
  private HubProcess nodeB;
  private int published;

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
    JsonObject role = ClusterNodes.role("gateway-redis.json", new JsonObject());
    JsonObject overrides = new JsonObject()
      .put("deploy", role.getJsonArray("deploy").copy().add("mercure"))
      .put("redis", new JsonObject().put("url", hub.redisServer().url()))
      .put("mercure", MercureHub.overrides(true).getJsonObject("mercure"));
    nodeA = cluster.start("mercure-a", "gateway-redis.json", overrides);
    nodeB = cluster.start("mercure-b", "gateway-redis.json", overrides);
    for (HubProcess node : List.of(nodeA, nodeB)) {
      await(ClusterNodes.awaitMembers(vertx, hub.web(), node, 2));
    }
  }

  @AfterEach
  void close() {
    cluster.close();
    hub.close();
  }

  @Test
  @DisplayName("Left on node A, resumed on node B with Last-Event-ID or last_event_id (a publisher's id, or the hub's): every missed update once, in order, private ones only with a covering token; Mercure-Last-Event-ID names the cursor")
  void resumeOnAnotherNode() {
    String reader = mercure.signer().token(600, MercureSigner.subscribe("pattern:" + BOOKS));
    SseRecorder onA = openOn(nodeA, QUERY + "&match=" + encode(PROBE), reader, null);
    SseRecorder anonymousOnA = openOn(nodeA, QUERY + "&match=" + encode(PROBE), null, null);
    awaitProbe(onA);
    awaitProbe(anonymousOnA);
    String one = publish(nodeA, "one", false, "https://example.com/books/1");
    String two = publish(nodeA, MultiMap.caseInsensitiveMultiMap().add("id", TWO), "two", true,
      "https://example.com/books/2");
    assertThat(two).as("the publisher's id, the SSE id and cursor of update two").isEqualTo(TWO);
    await(onA.await(seen(2)));
    assertThat(updates(onA, 2)).extracting(SseEvent::id, SseEvent::data)
      .containsExactly(tuple(one, "one"), tuple(two, "two"));
    await(anonymousOnA.await(seen(1)));
    String lastSeenAnonymously = updates(anonymousOnA, 1).get(0).id();
    assertThat(lastSeenAnonymously).as("the anonymous subscriber's last update on A").isEqualTo(one);
    await(onA.close());
    await(anonymousOnA.close());

    String three = publish(nodeB, "three", false, "https://example.com/books/3");
    String four = publish(nodeA, "four", true, "https://example.com/books/1");
    publish(nodeB, "five", false, "https://example.com/authors/1");
    publish(nodeA, "six", true, SECRET);
    String seven = publish(nodeB, "seven", false, SECRET);
    String eight = publish(nodeA, "eight", true, "https://example.com/other/1", "https://example.com/books/9");

    SseRecorder byHeader = openOn(nodeB, QUERY, reader, two);
    SseRecorder byQuery = openOn(nodeB, QUERY + "&last_event_id=" + encode(two), reader, null);
    SseRecorder headerWins = openOn(nodeB, QUERY + "&last_event_id=earliest", reader, two);
    SseRecorder anonymous = openOn(nodeB, QUERY + "&last_event_id=" + encode(lastSeenAnonymously), null, null);
    String nine = publish(nodeA, "nine", false, "https://example.com/books/5");

    List<Tuple> withToken = List.of(tuple(three, "three"), tuple(four, "four"), tuple(seven, "seven"),
      tuple(eight, "eight"), tuple(nine, "nine"));
    for (SseRecorder stream : List.of(byHeader, byQuery, headerWins)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().get("Mercure-Last-Event-ID")).as("Mercure-Last-Event-ID").isEqualTo(two);
      assertThat(await(stream.awaitEvents(5))).extracting(SseEvent::id, SseEvent::data)
        .containsExactlyElementsOf(withToken);
    }
    assertThat(await(hub.redis().send(Command.XLEN, "ssehub:events")).toLong())
      .as("updates in the shared Redis stream").isGreaterThanOrEqualTo(published);
    assertThat(anonymous.headers().get("Mercure-Last-Event-ID")).isEqualTo(one);
    assertThat(await(anonymous.awaitEvents(3))).as("the anonymous subscriber from its last update: no private one")
      .extracting(SseEvent::id, SseEvent::data)
      .containsExactly(tuple(three, "three"), tuple(seven, "seven"), tuple(nine, "nine"));
  }

  private SseRecorder openOn(HubProcess node, String query, String token, String lastEventId) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      headers.add("Last-Event-ID", lastEventId);
    }
    SseRecorder stream = await(hub.sse().open(node.port(), "/.well-known/mercure" + query, headers));
    assertThat(stream.status()).as("status of the subscription on " + node.port()).isEqualTo(200);
    return stream;
  }

  /** Publishes probes until the stream has seen one: its response headers come before the hub has subscribed it. */
  private void awaitProbe(SseRecorder stream) {
    for (int attempt = 0; attempt < 60; attempt++) {
      publish(nodeA, PROBE, false, PROBE);
      try {
        stream.await(recorder -> recorder.events().stream().anyMatch(event -> PROBE.equals(event.data())))
          .toCompletionStage().toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        // not subscribed yet: probe again
      } catch (InterruptedException | ExecutionException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the stream never saw a probe; it saw " + stream.raw());
  }

  private static Predicate<SseRecorder> seen(int updates) {
    return recorder -> recorder.events().stream().filter(event -> !PROBE.equals(event.data())).count() >= updates;
  }

  private static List<SseEvent> updates(SseRecorder stream, int count) {
    return stream.events().stream().filter(event -> !PROBE.equals(event.data())).limit(count).toList();
  }

  /** POSTs a form-encoded update through {@code node}; the answer's body, the update's id. */
  private String publish(HubProcess node, String data, boolean isPrivate, String... topics) {
    return publish(node, MultiMap.caseInsensitiveMultiMap(), data, isPrivate, topics);
  }

  /** As {@link #publish(HubProcess, String, boolean, String...)}, with the fields of {@code form} besides. */
  private String publish(HubProcess node, MultiMap form, String data, boolean isPrivate, String... topics) {
    for (String topic : topics) {
      form.add("topic", topic);
    }
    form.add("data", data);
    if (isPrivate) {
      form.add("private", "on");
    }
    HttpResponse<Buffer> answer = await(hub.web().post(node.port(), "127.0.0.1", "/.well-known/mercure")
      .bearerTokenAuthentication(mercure.publisherToken())
      .sendForm(form));
    assertThat(answer.statusCode()).as("publish of " + data + ": " + answer.bodyAsString()).isEqualTo(200);
    published++;
    return answer.bodyAsString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
