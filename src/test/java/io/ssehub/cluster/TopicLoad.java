package io.ssehub.cluster;

import io.ssehub.testing.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes {@code n=1}, {@code n=2}, ... to one topic through {@code POST /topics/<topic>} of one node, one
 * after another (each after the last one's answer) every {@code periodMillis}, until stopped. Counts what
 * it published and what failed.
 */
final class TopicLoad {

  private final Vertx vertx;
  private final WebClient web;
  private final String host;
  private final int port;
  private final String topic;
  private final AtomicInteger published = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Promise<Integer> stopped = Promise.promise();
  private volatile boolean stopping;

  TopicLoad(Vertx vertx, WebClient web, int port, String topic) {
    this(vertx, web, "127.0.0.1", port, topic);
  }

  TopicLoad(Vertx vertx, WebClient web, String host, int port, String topic) {
    this.vertx = vertx;
    this.web = web;
    this.host = host;
    this.port = port;
    this.topic = topic;
  }

  TopicLoad start(long periodMillis) {
    vertx.setTimer(1, t -> next(periodMillis));
    return this;
  }

  private void next(long periodMillis) {
    if (stopping) {
      stopped.tryComplete(published.get());
      return;
    }
    int n = published.get() + 1;
    web.post(port, host, "/topics/" + topic)
      .sendBuffer(Buffer.buffer("n=" + n))
      .onComplete(answer -> {
        if (answer.succeeded() && answer.result().statusCode() == 201) {
          published.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
        vertx.setTimer(periodMillis, t -> next(periodMillis));
      });
  }

  int published() {
    return published.get();
  }

  int failed() {
    return failed.get();
  }

  /** Stops after the publish in flight; completes with the number published. */
  Future<Integer> stop() {
    stopping = true;
    return stopped.future();
  }

  /** The {@code n} of each event, in the order received; a {@code reset} notice fails the test with its reason. */
  static List<Integer> numbers(List<SseEvent> events) {
    return events.stream().map(event -> {
      if ("reset".equals(event.event())) {
        throw new AssertionError("the stream got a reset notice where it should have resumed: " + event.data());
      }
      return Integer.parseInt(event.data().substring(2));
    }).toList();
  }
}
