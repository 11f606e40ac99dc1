package io.ssehub.testing;

import io.ssehub.HubVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.kafka.client.producer.KafkaProducer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One test's hub node and its clients. The node listens on a free loopback port, the fixture's {@link #port()};
 * a web client, an SSE client and {@link HubCalls} reach it there. On request the fixture also runs a real
 * redis-server with a {@link RedisProbe} ({@link #withRedis()}), a real Kafka broker with a producer
 * ({@link #withKafka(String...)}), a {@link LogCapture} ({@link #withLogs(String)}), and hub JVMs
 * ({@link #process(String, JsonObject)}).
 *
 * <p>A test keeps the fixture in a field, calls {@link #deploy(Vertx)} in {@code @BeforeEach} (or
 * {@link #start(Vertx)}, and deploys in the test) and {@link #close()} in {@code @AfterEach}. The node's config is
 * {@link TestHub#config} on the fixture's port with the test's overrides; overrides that name the fixture's servers
 * ({@code redisServer().url()}, {@code kafka().bootstrapServers()}) are made by a function of the fixture, at deploy.
 */
public final class HubFixture {

  private final int port = TestHub.freePort();
  private final Function<HubFixture, JsonObject> overrides;
  private final FixtureServers servers = new FixtureServers();
  private final List<HubProcess> processes = new ArrayList<>();
  private boolean ownsVertx;
  private WebClientOptions webOptions = new WebClientOptions();
  private PoolOptions webPool = new PoolOptions();
  private Vertx vertx;
  private WebClient web;
  private SseClient sse;
  private HubCalls calls;

  private HubFixture(Function<HubFixture, JsonObject> overrides) {
    this.overrides = overrides;
  }

  /** A node with {@link TestHub#config}'s all-in-one defaults. */
  public static HubFixture defaults() {
    return with(new JsonObject());
  }

  /** A node with these overrides. */
  public static HubFixture with(JsonObject overrides) {
    return new HubFixture(fixture -> overrides.copy());
  }

  /** A node with overrides that need the fixture's servers (a broker's own section, for one), made at deploy. */
  public static HubFixture with(Function<HubFixture, JsonObject> overrides) {
    return new HubFixture(overrides);
  }

  /** A real redis-server for the test, started in {@link #start(Vertx)} and stopped in {@link #close()}. */
  public HubFixture withRedis() {
    servers.wantRedis(null);
    return this;
  }

  /** As {@link #withRedis()}, a server that answers only clients that send this password. */
  public HubFixture withRedisPassword(String password) {
    servers.wantRedis(password);
    return this;
  }

  /** A real Kafka broker for the test with these topics created, and a producer to it. */
  public HubFixture withKafka(String... topics) {
    servers.wantKafka(List.of(topics));
    return this;
  }

  /** Captures the log events of {@code loggerName} and below from {@link #start(Vertx)} to {@link #close()}. */
  public HubFixture withLogs(String loggerName) {
    servers.wantLogs(loggerName);
    return this;
  }

  public HubFixture withLogs(Class<?> type) {
    return withLogs(type.getName());
  }

  /** A real headless Chromium ({@link Browser}) of this window size, started in {@link #start(Vertx)}. */
  public HubFixture withBrowser(int width, int height) {
    servers.wantBrowser(width, height);
    return this;
  }

  public HubFixture withWebClient(WebClientOptions options) {
    return withWebClient(options, new PoolOptions());
  }

  public HubFixture withWebClient(WebClientOptions options, PoolOptions pool) {
    webOptions = options;
    webPool = pool;
    return this;
  }

  /** Starts what was asked for and the clients, on the caller's thread, which may block; deploys no node. */
  public HubFixture start(Vertx vertx) {
    this.vertx = vertx;
    web = WebClient.create(vertx, webOptions, webPool);
    sse = new SseClient(vertx);
    calls = new HubCalls(vertx, web, port);
    servers.start(vertx);
    return this;
  }

  /**
   * {@link #start(Vertx)} with a Vert.x of the fixture's own, for a test that runs outside the Vert.x extension;
   * {@link #close()} closes it after the clients and before the servers.
   */
  public HubFixture startOwnVertx() {
    ownsVertx = true;
    return start(Vertx.vertx());
  }

  /** {@link #start(Vertx)}, then the node with the fixture's overrides. */
  public Future<String> deploy(Vertx vertx) {
    return start(vertx).deploy();
  }

  /** The node with the fixture's overrides, on the fixture's port. */
  public Future<String> deploy() {
    return deploy(overrides.apply(this));
  }

  /** A node with these overrides instead of the fixture's, on the fixture's port. */
  public Future<String> deploy(JsonObject nodeOverrides) {
    return deploy(new HubVerticle(), nodeOverrides);
  }

  /** The test's own {@code verticle} as the node, with these overrides, on the fixture's port. */
  public Future<String> deploy(HubVerticle verticle, JsonObject nodeOverrides) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config(nodeOverrides)));
  }

  /** The config a node on the fixture's port gets with {@code nodeOverrides} ({@link TestHub#config}). */
  public JsonObject config(JsonObject nodeOverrides) {
    return TestHub.config(port, nodeOverrides);
  }

  /**
   * A hub JVM from the fat jar ({@link HubProcess#start(String, JsonObject)}), closed in {@link #close()}: node
   * {@code name} with one gateway instance on a free loopback port, and {@code overrides} merged over that section
   * by section.
   */
  public HubProcess process(String name, JsonObject overrides) {
    JsonObject config = new JsonObject()
      .put("nodeName", name)
      .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", TestHub.freePort()).put("instances", 1))
      .mergeIn(overrides, 2);
    HubProcess process = HubProcess.start(name, config);
    processes.add(process);
    return process;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  public WebClient web() {
    return web;
  }

  public SseClient sse() {
    return sse;
  }

  public HubCalls calls() {
    return calls;
  }

  public RedisServer redisServer() {
    return servers.redisServer();
  }

  public RedisProbe redis() {
    return servers.redis();
  }

  public KafkaBroker kafka() {
    return servers.kafka();
  }

  public KafkaProducer<String, String> producer() {
    return servers.producer();
  }

  public LogCapture logs() {
    return servers.logs();
  }

  public Browser browser() {
    return servers.browser();
  }

  /** The node's base URL, for a browser. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** An SSE stream of {@code uri} on the node. */
  public Future<SseRecorder> open(String uri) {
    return sse.open(port, uri);
  }

  public Future<SseRecorder> open(String uri, MultiMap headers) {
    return sse.open(port, uri, headers);
  }

  public HttpRequest<Buffer> get(String uri) {
    return web.get(port, "127.0.0.1", uri);
  }

  public HttpRequest<Buffer> post(String uri) {
    return web.post(port, "127.0.0.1", uri);
  }

  public HttpRequest<Buffer> put(String uri) {
    return web.put(port, "127.0.0.1", uri);
  }

  public HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return web.request(method, port, "127.0.0.1", uri);
  }

  /** The node's {@code /ready} once it answers {@code status} ({@link Probes#awaitReady}). */
  public Future<JsonObject> awaitReady(int status) {
    return Probes.awaitReady(vertx, web, port, status);
  }

  /** The node's {@code /metrics} once the sample {@code prefix} is at least {@code atLeast} ({@link Probes#awaitMetric}). */
  public Future<String> awaitMetric(String prefix, double atLeast) {
    return Probes.awaitMetric(vertx, web, port, prefix, atLeast);
  }

  public Future<JsonObject> awaitReady(int status, long withinMillis) {
    return Probes.awaitReady(vertx, web, port, status, withinMillis);
  }

  /**
   * Closes the browser, the producer and the clients, stops the hub JVMs, closes a Vert.x of the fixture's own,
   * then stops the servers, and the log capture last. A node deployed in the test's Vert.x goes with it.
   */
  public void close() {
    if (web == null) {
      return;
    }
    servers.closeClients();
    sse.close();
    web.close();
    processes.forEach(HubProcess::close);
    if (ownsVertx) {
      FixtureServers.awaitClosed(vertx.close(), "the fixture's Vert.x");
    }
    servers.stop();
  }
}
