package io.ssehub.gateway;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.sse.SseFrames;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * One open SSE connection. It lives on the event loop of the gateway instance that accepted it; the
 * fanout hands it frames there. With a {@code Last-Event-ID} it first subscribes, then reads the
 * replay, holding live events back until the replay is written, so that nothing is missed or doubled. It takes only
 * the events its spec admits ({@link StreamSpec#admits}), live and replayed alike.
 *
 * <p>A reader whose write queue is full is cut off; closing releases the subscription and timers. A stream
 * opened with a token ends when the token does, after a {@code token-expired} event without an id.
 */
final class SseStream {

  private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
  private static final Buffer TOKEN_EXPIRED = SseFrames.event(null, "token-expired", "Your token has expired; "
    + "connect again with a new token (and the Last-Event-ID of the last event you got, to resume).");

  private final StreamServices services;
  private final HttpServerResponse response;
  private final StreamSpec spec;
  private final Context context;
  private final StreamTimers timers;
  private final SseWire wire;
  private final StreamOrder order = new StreamOrder();
  private final Instant tokenEnd;
  private long lastWriteAt;
  private boolean begun;
  private boolean closed;

  /** {@code tokenEnd}: when the token that let the stream open ends, or null. */
  SseStream(StreamServices services, HttpServerResponse response, SseWire wire, StreamSpec spec, Context context,
            Instant tokenEnd) {
    this.services = services;
    this.response = response;
    this.wire = wire;
    this.spec = spec;
    this.context = context;
    this.timers = new StreamTimers(services.vertx(), services.gauges());
    this.tokenEnd = tokenEnd;
  }

  SseView view() {
    return spec.view();
  }

  StreamSpec spec() {
    return spec;
  }

  Context context() {
    return context;
  }

  void open() {
    response.setChunked(true)
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-cache")
      .putHeader("X-Accel-Buffering", "no");
    wire.closeHandler(v -> close());
    services.opened(this);
    LOG.debug("Stream opened for {}", spec.topics());
    if (spec.topics().isEmpty()) {
      sendHead(this::begin);
    } else {
      follow();
    }
  }

  /**
   * Writes the response head through Vert.x and then runs {@code next}. A topic stream sends it only once it
   * is subscribed, so a client that has seen the response headers misses nothing published after that. The
   * stream's own writes start only when the head is out, since on a {@link DirectWire} they bypass Vert.x.
   */
  private void sendHead(Runnable next) {
    response.writeHead().onComplete(onLoop(result -> {
      if (result.failed()) {
        close();
      } else if (!closed) {
        next.run();
      }
    }));
  }

  private void begin() {
    begun = true;
    write(SseFrames.retry(services.config().retryMillis()));
    spec.greeting().forEach(this::write);
    if (spec.repeatedFrame() != null) {
      write(spec.repeatedFrame());
      timers.every(spec.repeatMillis(), () -> write(spec.repeatedFrame()));
    }
    timers.after(spec.keepAliveMillis(), this::keepAliveDue);
    if (tokenEnd != null) {
      timers.at(tokenEnd.toEpochMilli(), this::tokenExpired);
    }
  }

  /** A live event from the fanout, on this stream's event loop; true when it went onto the wire now. */
  boolean deliver(HubEvent event, SharedFrame frame) {
    if (closed || !spec.admits().test(event)) {
      return false;
    }
    EventId id = event.id();
    if (order.holding()) {
      if (!order.holdBack(id, frame.frame(), services.config().maxReplayBacklog())) {
        cutOff("its replay backlog is full");
      }
      return false;
    }
    return deliverNow(id, frame);
  }

  /**
   * Writes a last frame (the drain's {@code retry:} hint), then ends the response as {@link #end} does; a stream
   * whose head is not out yet just ends.
   */
  void endWith(Buffer lastFrame) {
    if (!begun || write(lastFrame)) {
      end();
    }
  }

  /** Ends the response, as on shutdown: the client reconnects elsewhere with its Last-Event-ID. */
  void end() {
    if (!closed) {
      close();
      wire.end();
    }
  }

  private void follow() {
    order.hold();
    services.fanout()
      .subscribe(spec.topics(), this)
      .onComplete(onLoop(this::subscribed));
  }

  private void subscribed(AsyncResult<Void> result) {
    if (closed) {
      return;
    }
    if (result.failed()) {
      LOG.warn("Could not subscribe a stream to {}: {}", spec.topics(), result.cause().getMessage());
      close();
      response.setStatusCode(503)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("The hub could not subscribe this stream; try again.\n");
      return;
    }
    sendHead(this::beginAfterSubscribing);
  }

  private void beginAfterSubscribing() {
    begin();
    if (spec.lastEventId() == null) {
      releaseBacklog();
      return;
    }
    services.gauges().replays.incrementAndGet();
    JsonObject request = new JsonObject()
      .put("topics", new JsonArray(spec.topics()))
      .put("lastEventId", spec.lastEventId());
    services.vertx().eventBus()
      .<JsonObject>request(Publisher.hasLocalHistory(services.vertx()) ? Addresses.REPLAY_LOCAL : Addresses.REPLAY,
        request,
        new DeliveryOptions().setSendTimeout(services.config().requestTimeoutMillis()))
      .onComplete(onLoop(this::replayed));
  }

  private void replayed(AsyncResult<Message<JsonObject>> result) {
    if (closed) {
      return;
    }
    if (result.failed()) {
      LOG.warn("Replay for {} after {} failed: {}", spec.topics(), spec.lastEventId(), result.cause().getMessage());
      if (spec.resets()) {
        writeReset(spec.topics(), "the history could not be read: " + result.cause().getMessage());
      }
    } else {
      JsonObject reply = result.result().body();
      List<String> gaps = reply.getJsonArray("gaps").stream().map(String::valueOf).toList();
      if (!gaps.isEmpty() && spec.resets()) {
        writeReset(gaps, "the history no longer reaches back to this id; events may have been missed");
      }
      Buffer batch = Buffer.buffer();
      int written = 0;
      for (Object json : reply.getJsonArray("events")) {
        HubEvent event = HubEvent.fromJson((JsonObject) json);
        if (!spec.admits().test(event)) {
          continue;
        }
        written += order.append(batch, event.id(), spec.view().encode(event));
      }
      writeBatch(batch, written);
    }
    releaseBacklog();
  }

  /** Writes the live events held back while subscribing or replaying, skipping any the replay already sent. */
  private void releaseBacklog() {
    Buffer batch = Buffer.buffer();
    writeBatch(batch, order.release(batch));
  }

  /** A replay or a held-back backlog goes out as one write: one flush, however many events. */
  private void writeBatch(Buffer batch, int events) {
    if (events > 0 && write(batch)) {
      services.gauges().eventsDelivered.add(events);
    }
  }

  private boolean deliverNow(EventId id, SharedFrame frame) {
    if (!order.admit(id)) {
      return false;
    }
    if (!writable()) {
      return false;
    }
    wire.write(frame);
    return true;
  }

  private void writeReset(List<String> topics, String reason) {
    services.gauges().resets.incrementAndGet();
    for (String topic : topics) {
      JsonObject notice = new JsonObject()
        .put("topic", topic)
        .put("lastEventId", spec.lastEventId())
        .put("reason", reason);
      write(SseFrames.event(null, "reset", notice.encode()));
    }
  }

  private boolean write(Buffer frame) {
    if (!writable()) {
      return false;
    }
    wire.write(frame);
    return true;
  }

  /** False when closed, or when the reader is cut off now because its write queue is full. */
  private boolean writable() {
    if (closed) {
      return false;
    }
    if (wire.writeQueueFull()) {
      cutOff("it is not reading fast enough");
      return false;
    }
    lastWriteAt = System.currentTimeMillis();
    return true;
  }

  private void keepAliveDue() {
    long quiet = System.currentTimeMillis() - lastWriteAt;
    if (quiet >= spec.keepAliveMillis()) {
      write(SseFrames.comment(spec.keepAliveText()));
      timers.after(spec.keepAliveMillis(), this::keepAliveDue);
    } else {
      timers.after(spec.keepAliveMillis() - quiet, this::keepAliveDue);
    }
  }

  private void tokenExpired() {
    services.gauges().tokenExpiries.incrementAndGet();
    write(TOKEN_EXPIRED);
    end();
  }

  private void cutOff(String reason) {
    services.gauges().slowReadersCut.incrementAndGet();
    LOG.debug("Closing a stream of {} because {}", spec.topics(), reason);
    close();
    wire.reset();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    timers.cancelAll();
    if (!spec.topics().isEmpty()) {
      services.fanout().unsubscribe(spec.topics(), this);
    }
    services.closed(this);
    LOG.debug("Stream closed for {}", spec.topics());
  }

  private <T> Handler<AsyncResult<T>> onLoop(Handler<AsyncResult<T>> handler) {
    return result -> context.runOnContext(v -> handler.handle(result));
  }
}
