package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records one SSE response as the wire shows it: every raw line, the comments, the {@code retry}
 * hints, and the events parsed by the rules of the HTML standard (fields split at the first colon,
 * one leading space dropped, data lines joined with LF, a blank line dispatches).
 */
public final class SseRecorder {

  private record Waiter(Predicate<SseRecorder> condition, Promise<Void> promise) {
  }

  private final HttpClientRequest request;
  private final HttpClientResponse response;
  private final StringBuilder raw = new StringBuilder();
  private final List<String> lines = new ArrayList<>();
  private final List<SseEvent> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private Buffer partial = Buffer.buffer();
  private final StringBuilder data = new StringBuilder();
  private String id;
  private String lastEventId;
  private String event;
  private boolean hasData;
  private boolean ended;

  SseRecorder(HttpClientRequest request, HttpClientResponse response) {
    this.request = request;
    this.response = response;
    response.handler(this::onBytes);
    response.endHandler(v -> onEnd());
    response.exceptionHandler(error -> onEnd());
    request.connection().closeHandler(v -> onEnd());
  }

  public int status() {
    return response.statusCode();
  }

  /** The protocol the response came over, HTTP/2 when ALPN or h2c chose it. */
  public HttpVersion version() {
    return response.version();
  }

  /** The connection the stream is on, which HTTP/2 streams share. */
  public HttpConnection connection() {
    return request.connection();
  }

  public MultiMap headers() {
    return response.headers();
  }

  public synchronized List<SseEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<String> comments() {
    return List.copyOf(comments);
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  public synchronized String raw() {
    return raw.toString();
  }

  public synchronized boolean ended() {
    return ended;
  }

  /** Completes once at least {@code count} events have arrived, with the first {@code count} of them. */
  public Future<List<SseEvent>> awaitEvents(int count) {
    return await(recorder -> recorder.events.size() >= count).map(v -> events().subList(0, count));
  }

  public Future<Void> awaitComments(int count) {
    return await(recorder -> recorder.comments.size() >= count);
  }

  /** Completes when the server has ended the response or closed the connection. */
  public Future<Void> awaitEnd() {
    return await(recorder -> recorder.ended);
  }

  public synchronized Future<Void> await(Predicate<SseRecorder> condition) {
    if (condition.test(this)) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiters.add(new Waiter(condition, promise));
    return promise.future();
  }

  /** Closes the connection, as a browser tab being closed would. */
  public Future<Void> close() {
    return request.connection().close();
  }

  /** Stops reading, so that the server's writes pile up: a stalled reader. */
  public void pause() {
    response.pause();
  }

  /** Splits on LF bytes first and decodes each whole line, so a character cut between two chunks survives. */
  private synchronized void onBytes(Buffer buffer) {
    partial.appendBuffer(buffer);
    int start = 0;
    for (int i = 0; i < partial.length(); i++) {
      if (partial.getByte(i) == '\n') {
        String line = partial.getString(start, i, StandardCharsets.UTF_8.name());
        raw.append(line).append('\n');
        onLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        start = i + 1;
      }
    }
    partial = partial.getBuffer(start, partial.length());
    wake();
  }

  private void onLine(String line) {
    lines.add(line);
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.startsWith(":")) {
      comments.add(line.substring(1).startsWith(" ") ? line.substring(2) : line.substring(1));
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        data.append(value).append('\n');
        hasData = true;
      }
      case "event" -> event = value;
      case "id" -> id = value;
      default -> {
      }
    }
  }

  private void dispatch() {
    if (id != null) {
      lastEventId = id;
    }
    if (hasData) {
      String value = data.substring(0, data.length() - 1);
      events.add(new SseEvent(id == null ? null : lastEventId, event, value));
    }
    data.setLength(0);
    event = null;
    id = null;
    hasData = false;
  }

  private synchronized void onEnd() {
    ended = true;
    wake();
  }

  private void wake() {
    Iterator<Waiter> iterator = waiters.iterator();
    while (iterator.hasNext()) {
      Waiter waiter = iterator.next();
      if (waiter.condition().test(this)) {
        iterator.remove();
        waiter.promise().tryComplete();
      }
    }
  }
}
