package io.ssehub.gateway;

import io.ssehub.config.GatewayConfig;
import io.ssehub.config.HubConfig;
import io.ssehub.sse.SseFrames;
import io.ssehub.testing.RawStream;
import io.ssehub.testing.TestHub;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link SseWire}, run against each {@code gateway.wire}: the bytes of every frame, their order,
 * back-pressure (the write queue fills while the client does not read, and drains when it reads again), the end
 * of a stream, a cut-off, a client that goes away, and TLS and HTTP/2. Each case answers a request on a bare
 * Vert.x server with the wire that {@link SseWire#of} picks, and reads what a client receives.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("SseWire: both wires write the same bytes and honour the same contract")
class SseWireContractTest {

  private static final int WRITE_QUEUE_BYTES = 16 * 1024;

  private final int port = TestHub.freePort();
  private final List<Promise<Opened>> opened = new ArrayList<>();
  private HttpServer server;
  private NetClient net;
  private final List<HttpClient> clients = new ArrayList<>();

  /** A wire on the server and the context that its connection runs on. */
  private record Opened(SseWire wire, Context context) {

    Future<Void> run(Consumer<SseWire> action) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        try {
          action.accept(wire);
          done.complete();
        } catch (RuntimeException | AssertionError e) {
          done.fail(e);
        }
      });
      return done.future();
    }
  }

  @AfterEach
  void closeAll() {
    if (net != null) {
      net.close();
    }
    clients.forEach(HttpClient::close);
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "gateway.wire = {0}")
  @ValueSource(strings = {"public", "direct"})
  @DisplayName("Frames go out byte for byte as HTTP/1.1 chunks, in order, a shared frame alike on every stream")
  void framesByteForByte(String kind, Vertx vertx, VertxTestContext testContext) {
    GatewayConfig config = config(kind);
    SharedFrame first = SseWire.share(config, SseFrames.event("1-0", "first", "one"));
    SharedFrame second = SseWire.share(config, SseFrames.event("2-0", null, "two\nlines é€"));
    Buffer own = SseFrames.comment("keep-alive");
    RawStream one = new RawStream();
    RawStream two = new RawStream();
    listen(vertx, config, new HttpServerOptions())
      .compose(v -> Future.all(openRaw(vertx, one), openRaw(vertx, two)))
      .compose(v -> Future.all(opened.stream().map(wire -> wire.future().compose(open -> open.run(w -> {
        assertWireKind(kind, w);
        w.write(SseFrames.retry(3000));
        w.write(first);
        w.write(Buffer.buffer());
        w.write(own);
        w.write(second);
        w.end();
      }))).toList()))
      .compose(v -> Future.all(one.awaitLastChunk(), two.awaitLastChunk()))
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        for (RawStream raw : List.of(one, two)) {
          assertThat(raw.text()).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("transfer-encoding: chunked");
          assertThat(RawStream.chunks(raw.body())).containsExactly("retry: 3000\n\n",
            "id: 1-0\nevent: first\ndata: one\n\n", ": keep-alive\n\n", "id: 2-0\ndata: two\ndata: lines é€\n\n", "");
        }
        testContext.completeNow();
      })));
  }

  @ParameterizedTest(name = "gateway.wire = {0}")
  @ValueSource(strings = {"public", "direct"})
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A client that stops reading fills the write queue; once it reads again it drains, and nothing is lost")
  void backPressure(String kind, Vertx vertx, VertxTestContext testContext) {
    GatewayConfig config = config(kind);
    String payload = "x".repeat(8 * 1024);
    RawStream raw = new RawStream();
    AtomicInteger written = new AtomicInteger();
    Promise<Void> drained = Promise.promise();
    listen(vertx, config, new HttpServerOptions())
      .compose(v -> openRaw(vertx, raw))
      .compose(socket -> {
        socket.pause();
        return opened.get(0).future().compose(open -> writeUntilFull(open, config, payload, written))
          .compose(open -> open.run(wire -> wire.drainHandler(v -> drained.tryComplete())).map(open))
          .onSuccess(open -> socket.resume());
      })
      .compose(open -> drained.future().compose(v -> open.run(wire -> {
        assertThat(wire.writeQueueFull()).as("full after the drain").isFalse();
        wire.write(SseFrames.event("last", null, "done"));
        wire.end();
      })))
      .compose(v -> raw.awaitLastChunk())
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        List<String> chunks = RawStream.chunks(raw.body());
        assertThat(written.get()).as("frames written before the queue was full").isGreaterThan(1);
        assertThat(chunks).hasSize(written.get() + 2);
        for (int i = 0; i < written.get(); i++) {
          assertThat(chunks.get(i)).isEqualTo("id: " + i + "\ndata: " + payload + "\n\n");
        }
        assertThat(chunks.get(written.get())).isEqualTo("id: last\ndata: done\n\n");
        testContext.completeNow();
      })));
  }

  @ParameterizedTest(name = "gateway.wire = {0}")
  @ValueSource(strings = {"public", "direct"})
  @DisplayName("A client that goes away is reported once, and writes after that are harmless")
  void clientGoesAway(String kind, Vertx vertx, VertxTestContext testContext) {
    GatewayConfig config = config(kind);
    RawStream raw = new RawStream();
    AtomicInteger closes = new AtomicInteger();
    Promise<Void> closed = Promise.promise();
    listen(vertx, config, new HttpServerOptions())
      .compose(v -> openRaw(vertx, raw))
      .compose(socket -> opened.get(0).future().compose(open -> open.run(wire -> wire.closeHandler(v -> {
        closes.incrementAndGet();
        closed.tryComplete();
      })).compose(v -> socket.close()).compose(v -> closed.future()).map(open)))
      .compose(open -> open.run(wire -> {
        wire.write(SseFrames.comment("after the close"));
        wire.write(SseWire.share(config, SseFrames.event("1-0", null, "after the close")));
        wire.writeQueueFull();
        wire.reset();
      }))
      .onComplete(testContext.succeeding(v -> vertx.setTimer(200, t -> testContext.verify(() -> {
        assertThat(closes.get()).isEqualTo(1);
        testContext.completeNow();
      }))));
  }

  @ParameterizedTest(name = "gateway.wire = {0}")
  @ValueSource(strings = {"public", "direct"})
  @DisplayName("A stream that is cut off breaks for the client: the connection closes without the last chunk")
  void cutOff(String kind, Vertx vertx, VertxTestContext testContext) {
    GatewayConfig config = config(kind);
    RawStream raw = new RawStream();
    Promise<Void> closed = Promise.promise();
    listen(vertx, config, new HttpServerOptions())
      .compose(v -> openRaw(vertx, raw))
      .compose(socket -> opened.get(0).future())
      .compose(open -> open.run(wire -> {
        wire.closeHandler(v -> closed.tryComplete());
        wire.write(SseFrames.event("1-0", null, "before"));
        wire.reset();
      }))
      .compose(v -> Future.all(raw.closed(), closed.future()))
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        assertThat(raw.body()).startsWith("16\r\nid: 1-0\ndata: before\n\n\r\n").doesNotContain(RawStream.LAST_CHUNK);
        testContext.completeNow();
      })));
  }

  @ParameterizedTest(name = "gateway.wire = {0}")
  @ValueSource(strings = {"public", "direct"})
  @DisplayName("Over TLS with HTTP/1.1 and with HTTP/2 (ALPN) the client reads the same stream, written through the "
    + "public API whatever gateway.wire says")
  void tlsAndHttp2(String kind, Vertx vertx, VertxTestContext testContext) {
    GatewayConfig config = config(kind);
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    HttpServerOptions tls = new HttpServerOptions()
      .setSsl(true)
      .setUseAlpn(true)
      .setKeyCertOptions(certificate.keyCertOptions());
    listen(vertx, config, tls)
      .compose(v -> readOverTls(vertx, HttpVersion.HTTP_2, 0, config))
      .compose(body -> {
        testContext.verify(() -> assertThat(body).isEqualTo(expectedTlsBody()));
        return readOverTls(vertx, HttpVersion.HTTP_1_1, 1, config);
      })
      .onComplete(testContext.succeeding(body -> testContext.verify(() -> {
        assertThat(body).isEqualTo(expectedTlsBody());
        testContext.completeNow();
      })));
  }

  /** Asks for a stream over TLS with this protocol, has the server's wire write it, returns the body read. */
  private Future<String> readOverTls(Vertx vertx, HttpVersion version, int index, GatewayConfig config) {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions()
      .setSsl(true)
      .setTrustAll(true)
      .setVerifyHost(false)
      .setUseAlpn(true)
      .setProtocolVersion(version));
    clients.add(http);
    return http.request(new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost("localhost")
        .setPort(port)
        .setURI("/stream"))
      .compose(request -> request.send())
      .compose(response -> {
        assertThat(response.version()).isEqualTo(version);
        Future<Buffer> body = response.body();
        return opened.get(index).future()
          .compose(open -> open.run(wire -> {
            assertThat(wire).as("TLS, over HTTP/2 or HTTP/1.1, is written through the public API")
              .isInstanceOf(PublicWire.class);
            wire.write(SseFrames.retry(3000));
            wire.write(SseWire.share(config, SseFrames.event("1-0", "tls", "secret")));
            wire.end();
          }))
          .compose(v -> body);
      })
      .map(Buffer::toString);
  }

  private static String expectedTlsBody() {
    return "retry: 3000\n\nid: 1-0\nevent: tls\ndata: secret\n\n";
  }

  /** Writes numbered frames of the payload until the wire's queue is full, at most 20,000 (160 MB). */
  private static Future<Opened> writeUntilFull(Opened open, GatewayConfig config, String payload,
                                               AtomicInteger written) {
    return open.run(wire -> {
      while (!wire.writeQueueFull() && written.get() < 20_000) {
        int id = written.getAndIncrement();
        wire.write(id % 2 == 0
          ? SseFrames.event(String.valueOf(id), null, payload)
          : SseWire.share(config, SseFrames.event(String.valueOf(id), null, payload)).frame());
      }
      assertThat(wire.writeQueueFull()).as("the write queue fills while the client does not read").isTrue();
    }).map(open);
  }

  private static void assertWireKind(String kind, SseWire wire) {
    assertThat(wire).isInstanceOf(kind.equals(SseWire.DIRECT) ? DirectWire.class : PublicWire.class);
  }

  private static GatewayConfig config(String kind) {
    return HubConfig.from(new JsonObject().put("gateway", new JsonObject()
        .put("wire", kind)
        .put("writeQueueBytes", WRITE_QUEUE_BYTES)))
      .gateway();
  }

  /** A server that answers every request with an SSE response head and hands the test its wire. */
  private Future<Void> listen(Vertx vertx, GatewayConfig config, HttpServerOptions options) {
    for (int i = 0; i < 2; i++) {
      opened.add(Promise.promise());
    }
    AtomicInteger requests = new AtomicInteger();
    server = vertx.createHttpServer(options.setStrictThreadMode(true))
      .requestHandler(request -> answer(request, config, opened.get(requests.getAndIncrement())));
    return server.listen(port, "127.0.0.1").mapEmpty();
  }

  private static void answer(HttpServerRequest request, GatewayConfig config, Promise<Opened> open) {
    SseWire wire = SseWire.of(request, config);
    Context context = Vertx.currentContext();
    request.response()
      .setChunked(true)
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .writeHead()
      .onComplete(head -> context.runOnContext(v -> open.complete(new Opened(wire, context))));
  }

  private Future<NetSocket> openRaw(Vertx vertx, RawStream raw) {
    if (net == null) {
      net = vertx.createNetClient();
    }
    return net.connect(port, "127.0.0.1")
      .compose(socket -> {
        raw.attach(socket);
        return socket.write("GET /stream HTTP/1.1\r\nHost: hub\r\n\r\n")
          .compose(v -> raw.await(text -> text.contains(RawStream.HEAD_END)))
          .map(socket);
      });
  }
}
