package io.ssehub.fuzz;

import io.ssehub.security.Tokens;
import io.ssehub.testing.HubFixture;
import io.ssehub.testing.NodeStats;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random and malformed requests across every route, from a seed printed in the output
 * ({@code -Dfuzz.seed=} repeats a run, {@code -Dfuzz.requests=} sets how many). Judged by what a user would
 * see: no 5xx, no SSE event that nobody published (subscribers on the fuzzed topics, user stream and
 * announcer check every event they get), no stream left open, and a node that still serves afterwards.
 */
@DisplayName("Fuzzing: random and malformed requests on every route")
class FuzzTest {

  private static final Logger LOG = LoggerFactory.getLogger(FuzzTest.class);
  private static final long SEED = Long.getLong("fuzz.seed", 20261129L);
  private static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
  private static final Pattern HUB_ID = Pattern.compile("\\d+-\\d+");
  private static final Pattern WIRE_LINE = Pattern.compile("|:.*|id: .*|event: .*|data: .*|retry: \\d+", Pattern.DOTALL);

  private final HubFixture hub = HubFixture.defaults();
  private Vertx vertx;

  /** What the fuzzed requests published: event id to the data and event parameter they sent. */
  private final Map<String, FuzzRequests.Request> published = new ConcurrentHashMap<>();
  private final List<String> userMessages = Collections.synchronizedList(new ArrayList<>());
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    vertx = hub.startOwnVertx().vertx();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  @DisplayName("On an open node: never a 5xx, never a forged event, no stream left behind, healthy afterwards")
  void openNode() throws Exception {
    fuzz(new JsonObject(), REQUESTS, List.of());
  }

  @Test
  @DisplayName("On a node with auth on, with good, bad and foreign tokens mixed in: the same guarantees")
  void securedNode() throws Exception {
    Tokens tokens = new Tokens(vertx);
    List<String> tokenHeaders = List.of(
      "Authorization: Bearer " + tokens.user(FuzzRequests.WATCHED_USER, "*"),
      "Authorization: Bearer " + tokens.expired(FuzzRequests.WATCHED_USER),
      "Cookie: ssehub_token=" + tokens.user("someone-else", "fuzz"),
      "Authorization: Bearer " + Tokens.forged(vertx, FuzzRequests.WATCHED_USER));
    JsonObject auth = Tokens.authSection();
    fuzz(new JsonObject().put("auth", auth), REQUESTS / 3, tokenHeaders);
  }

  private void fuzz(JsonObject overrides, int count, List<String> extraHeaders) throws Exception {
    await(hub.deploy(overrides));
    io.vertx.core.MultiMap watcherAuth = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    if (overrides.containsKey("auth")) {
      watcherAuth.add("Authorization", "Bearer " + new Tokens(vertx).user(FuzzRequests.WATCHED_USER));
    }
    SseRecorder topics = await(hub.open("/subscribe?topic=fuzz&topic=fuzz.b"));
    SseRecorder user = await(hub.open("/v2/sse?username=" + FuzzRequests.WATCHED_USER, watcherAuth));
    SseRecorder announcer = await(hub.open("/listen"));
    await(NodeStats.awaitTopicConsumers(vertx, 4));
    LOG.info("Fuzzing {} requests with seed {} (-Dfuzz.seed={} repeats this run)", count, SEED, SEED);

    long started = System.nanoTime();
    FuzzRequests requests = new FuzzRequests(SEED);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < count; i++) {
      FuzzRequests.Request request = requests.make(i, extraHeaders);
      pool.execute(() -> judge(request));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).as("fuzz requests finished").isTrue();
    LOG.info("{} requests in {} ms; answers by status {}; {} events published on watched topics",
      count, (System.nanoTime() - started) / 1_000_000, statuses, published.size());

    assertThat(problems).as("answers that broke a rule").isEmpty();
    await(hub.calls().awaitStats(stats -> stats.getInteger("openStreams") == 3, 20_000));
    checkTopicEvents(await(topics.await(r -> r.events().size() >= published.size()).map(v -> topics)));
    checkUserEvents(user);
    checkAnnouncerEvents(announcer);
    assertThat(topics.ended() || user.ended() || announcer.ended()).as("a watcher was cut off").isFalse();
    stillServes(overrides.containsKey("auth"));
  }

  private void judge(FuzzRequests.Request request) {
    try {
      RawHttp.Answer answer = RawHttp.send(hub.port(), request.bytes());
      statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
      if (answer.status() >= 500) {
        problems.add(answer.status() + " for " + request.describe() + " -> " + answer.bodyText());
      } else if (answer.timedOut() && answer.status() == 0) {
        problems.add("no answer within 5 s for " + request.describe());
      } else if (answer.status() == 201 && request.publishesToTopic()) {
        JsonObject reply = new JsonObject(answer.bodyText());
        if (FuzzRequests.WATCHED_TOPICS.contains(reply.getString("topic"))) {
          published.put(reply.getString("id"), request);
        }
      } else if (answer.status() == 204 && request.isUserMessage(FuzzRequests.WATCHED_USER)) {
        userMessages.add(request.exactBody() ? lines(new String(request.body(), StandardCharsets.UTF_8)) : null);
      }
    } catch (Exception e) {
      problems.add(e + " for " + request.describe());
    }
  }

  /** Every event on the fuzzed topics is one that a fuzzed request published, once, with its data. */
  private void checkTopicEvents(SseRecorder topics) {
    assertThat(topics.lines()).as("lines on the wire").allMatch(line -> WIRE_LINE.matcher(line).matches());
    List<SseEvent> events = topics.events();
    assertThat(events).extracting(SseEvent::id).doesNotHaveDuplicates().allMatch(published::containsKey);
    assertThat(events).hasSize(published.size());
    for (SseEvent event : events) {
      FuzzRequests.Request request = published.get(event.id());
      if (!request.exactBody()) {
        continue;
      }
      assertThat(event.data()).as("data of " + request.describe())
        .isEqualTo(lines(new String(request.body(), StandardCharsets.UTF_8)));
      if (request.eventParam() != null && request.eventParam().matches("[A-Za-z0-9]+")) {
        assertThat(event.event()).isEqualTo(request.eventParam());
      }
    }
  }

  private void checkUserEvents(SseRecorder user) {
    assertThat(user.lines()).allMatch(line -> WIRE_LINE.matcher(line).matches());
    await(user.await(r -> r.events().size() >= userMessages.size()));
    assertThat(user.events()).hasSize(userMessages.size())
      .allMatch(event -> event.id() != null && HUB_ID.matcher(event.id()).matches());
    List<String> exact = userMessages.stream().filter(java.util.Objects::nonNull).toList();
    assertThat(user.events()).extracting(SseEvent::data).containsAll(exact);
  }

  private void checkAnnouncerEvents(SseRecorder announcer) {
    assertThat(announcer.lines()).allMatch(line -> WIRE_LINE.matcher(line).matches());
    for (SseEvent event : announcer.events()) {
      assertThat(event.event()).isIn("START", "PING", "NICKNAME");
      if ("NICKNAME".equals(event.event())) {
        assertThat(io.vertx.core.json.Json.decodeValue(event.data())).as("NICKNAME data is JSON").isNotNull();
      }
    }
  }

  /** /health answers, and a plain publish reaches a new subscriber. */
  private void stillServes(boolean secured) throws Exception {
    assertThat(await(hub.get("/health").send()).statusCode()).isEqualTo(200);
    SseRecorder after = await(hub.open("/topics/after-fuzz"));
    await(NodeStats.awaitTopicConsumers(vertx, 5));
    var publish = hub.post("/topics/after-fuzz");
    if (secured) {
      publish.bearerTokenAuthentication(new Tokens(vertx).publisher("after-fuzz"));
    }
    assertThat(await(publish.sendBuffer(io.vertx.core.buffer.Buffer.buffer("still here"))).statusCode()).isEqualTo(201);
    assertThat(await(after.awaitEvents(1))).extracting(SseEvent::data).containsExactly("still here");
  }

  /** Data as an EventSource reads it back: CR LF and lone CR become LF. */
  private static String lines(String data) {
    return data.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
