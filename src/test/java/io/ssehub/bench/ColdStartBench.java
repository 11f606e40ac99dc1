package io.ssehub.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load tool, not a test: the first {@code /ssec} calls a fresh node answers. Starts the fat jar with the default
 * config, as README's run command starts it ({@code java $HUB_JAVA_OPTS -jar target/sse-hub.jar}, the port from
 * {@code SSEHUB_GATEWAY_PORT}), and the moment the node logs that it is up, sends {@value #CALLS} {@code /ssec}
 * calls, {@value #CONCURRENT} at a time (so the first {@value #CONCURRENT} each open a connection), and prints
 * one JSON line: their latency, the {@code no_reply} count and the time from the start to the log line. It does that for several fresh nodes in turn.
 *
 * <p>The tool's own HTTP client is warmed first, on a server of its own in this JVM, so that the latencies are the
 * node's and not those of a cold client.
 *
 * <pre>
 * HUB_JAVA_OPTS="..." java -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.ColdStartBench [nodes]
 * </pre>
 */
public final class ColdStartBench {

  static final int CALLS = 1000;
  static final int CONCURRENT = 250;
  private static final String UP = "is up with roles";

  private final Vertx vertx = Vertx.vertx();

  private ColdStartBench() {
  }

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String javaOpts = System.getenv().getOrDefault("HUB_JAVA_OPTS", "").trim();
    ColdStartBench bench = new ColdStartBench();
    try {
      bench.warmClient();
      for (int i = 1; i <= nodes; i++) {
        bench.node(i, javaOpts);
      }
    } finally {
      bench.vertx.close().await();
    }
  }

  private void node(int index, String javaOpts) throws Exception {
    int port = SsecBench.freePort();
    List<String> command = new ArrayList<>();
    command.add("java");
    if (!javaOpts.isEmpty()) {
      command.addAll(Arrays.asList(javaOpts.split("\\s+")));
    }
    command.addAll(List.of("-jar", "target/sse-hub.jar"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SSEHUB_GATEWAY_PORT", Integer.toString(port));
    Path log = Files.createTempFile("cold-start-hub", ".log");
    long started = System.nanoTime();
    Process hub = builder.start();
    CompletableFuture<Long> up = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyUntilUp(hub, log, up), "hub-log");
    reader.setDaemon(true);
    reader.start();
    try {
      long upAt = up.get(60, TimeUnit.SECONDS);
      SsecResult first = calls(port);
      System.out.println(new JsonObject()
        .put("label", "sse-hub-cold-ssec")
        .put("node", index)
        .put("java_opts", javaOpts)
        .put("start_to_up_ms", TimeUnit.NANOSECONDS.toMillis(upAt - started))
        .put("calls", CALLS)
        .put("concurrent", CONCURRENT)
        .put("no_reply", first.noReply())
        .put("errors", first.errors())
        .put("p50_ms", round(first.p(50)))
        .put("p99_ms", round(first.p(99)))
        .put("max_ms", round(first.p(100)))
        .put("load_average", SsecBench.loadAverage())
        .encode());
    } finally {
      hub.destroy();
      hub.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private static double round(double millis) {
    return Math.round(millis * 100) / 100.0;
  }

  /** Copies the node's output to {@code log}, completing {@code up} with the time of the line that says it is up. */
  private static void copyUntilUp(Process hub, Path log, CompletableFuture<Long> up) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
         var out = Files.newBufferedWriter(log)) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!up.isDone() && line.contains(UP)) {
          up.complete(System.nanoTime());
        }
        out.write(line);
        out.newLine();
        out.flush();
      }
      up.completeExceptionally(new IllegalStateException("The node ended before it was up; its log: " + log));
    } catch (IOException e) {
      up.completeExceptionally(e);
    }
  }

  /** {@value #CALLS} calls from a fresh client, {@value #CONCURRENT} in flight at any time. */
  private SsecResult calls(int port) {
    SsecResult result = new SsecResult(1);
    HttpClientAgent fresh = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(CONCURRENT));
    Promise<Void> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    vertx.runOnContext(v -> {
      for (int i = 0; i < CONCURRENT; i++) {
        next(fresh, port, result, sent, answered, done);
      }
    });
    done.future().await();
    fresh.close().await();
    return result;
  }

  private void next(HttpClientAgent client, int port, SsecResult result, AtomicInteger sent, AtomicInteger answered,
                    Promise<Void> done) {
    if (sent.getAndIncrement() >= CALLS) {
      return;
    }
    long start = System.nanoTime();
    get(client, port, SsecBench.SSEC).onComplete(answer -> {
      result.record(start, answer.succeeded() ? answer.result() : null);
      if (answered.incrementAndGet() == CALLS) {
        done.complete();
      } else {
        next(client, port, result, sent, answered, done);
      }
    });
  }

  private static Future<String> get(HttpClientAgent client, int port, String uri) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setHost("127.0.0.1")
      .setPort(port)
      .setURI(uri)
      .setTimeout(10_000);
    return client.request(options)
      .compose(request -> request.send())
      .compose(response -> response.body())
      .map(Buffer::toString);
  }

  /** 20,000 calls to a server of this JVM that answers as {@code /ssec} does, so that the client is compiled. */
  private void warmClient() {
    HttpServer server = vertx.createHttpServer()
      .requestHandler(request -> request.response().end("meow meow MEOW MEOW WOEM WOEM woem woem"));
    int port = server.listen(0, "127.0.0.1").await().actualPort();
    for (int round = 0; round < 20; round++) {
      calls(port);
    }
    server.close().await();
  }
}
