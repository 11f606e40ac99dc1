package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.List;

/** Opens SSE streams to a hub under test over real HTTP, each on its own connection. */
public final class SseClient {

  private final HttpClient http;

  public SseClient(Vertx vertx) {
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
      new PoolOptions().setHttp1MaxSize(5000));
  }

  public Future<SseRecorder> open(int port, String uri) {
    return open(port, uri, MultiMap.caseInsensitiveMultiMap());
  }

  public Future<SseRecorder> open(int port, String uri, MultiMap headers) {
    return openWith(http, port, uri, headers);
  }

  /** A stream from the node reached on {@code host} (not loopback). */
  public Future<SseRecorder> open(String host, int port, String uri, MultiMap headers) {
    return openWith(http, host, port, uri, headers);
  }

  /**
   * What a browser does when its node dies: waits for the stream to end, then opens {@code uri} on the node at
   * {@code port} with the {@code Last-Event-ID} of the last event it got.
   */
  public Future<SseRecorder> resumeElsewhere(SseRecorder ended, int port, String uri) {
    return ended.awaitEnd().compose(v -> {
      List<SseEvent> events = ended.events();
      MultiMap lastId = MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", events.get(events.size() - 1).id());
      return open(port, uri, lastId);
    });
  }

  /** Opens a stream with a client of the caller's (for instance one bound to another local address). */
  public static Future<SseRecorder> openWith(HttpClient http, int port, String uri, MultiMap headers) {
    return openWith(http, "127.0.0.1", port, uri, headers);
  }

  private static Future<SseRecorder> openWith(HttpClient http, String host, int port, String uri, MultiMap headers) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setHost(host)
      .setPort(port)
      .setURI(uri)
      .setHeaders(headers.add("Accept", "text/event-stream"));
    return http.request(options)
      .compose(request -> request.send().map(response -> new SseRecorder(request, response)));
  }

  public Future<Void> close() {
    return http.close();
  }
}
