package io.ssehub.gateway;

import io.ssehub.config.GatewayConfig;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * How one SSE stream's bytes reach its connection once the response head is out: frames of this stream only
 * (a replay, a comment), frames shared with every local stream of a topic, the fill level of the write queue,
 * and the end of the response. Every method runs on the connection's event loop.
 *
 * <p>{@link PublicWire} writes through the public {@code HttpServerResponse} and serves HTTP/1.1, HTTP/2 and TLS.
 * {@link DirectWire}, chosen with {@code gateway.wire: "direct"}, writes HTTP/1.1 chunks past Vert.x's outbound
 * path for HTTP/1.1 in cleartext; any other connection (TLS, HTTP/2, a pipeline it does not know) gets a
 * {@code PublicWire}.
 */
interface SseWire {

  String PUBLIC = "public";
  String DIRECT = "direct";

  /**
   * The wire for this request's response as {@code gateway.wire} says, with a write queue of
   * {@code gateway.writeQueueBytes}: a {@link DirectWire} only for HTTP/1.1 in cleartext, a {@link PublicWire} for
   * TLS and HTTP/2 whatever {@code gateway.wire} says. The response head is not written yet.
   */
  static SseWire of(HttpServerRequest request, GatewayConfig config) {
    request.response().setWriteQueueMaxSize(config.writeQueueBytes());
    SseWire direct = config.wire().equals(DIRECT) && !request.isSSL()
      ? DirectWire.of(request, config.writeQueueBytes(), config.sseNoDelay())
      : null;
    return direct != null ? direct : new PublicWire(request.response());
  }

  /** The frame as every stream on this kind of wire writes it, built once per event and view. */
  static SharedFrame share(GatewayConfig config, Buffer frame) {
    return config.wire().equals(DIRECT) ? DirectWire.share(frame) : new SharedFrame(frame);
  }

  /** Writes and flushes a frame of this stream only. */
  void write(Buffer frame);

  /** Writes and flushes a frame shared with other streams; its bytes are not changed. */
  void write(SharedFrame frame);

  /** The body bytes of the frames written so far (chunk framing not counted), for the access log. */
  long bytesWritten();

  /** True when the bytes written but not yet taken by the client have reached the write queue's size. */
  boolean writeQueueFull();

  /** Called once the write queue has drained below half its size after being full. */
  void drainHandler(Handler<Void> handler);

  /** Called once when the connection closes or fails, whoever closed it. */
  void closeHandler(Handler<Void> handler);

  /** Ends the response: the client sees a complete, ended stream. */
  void end();

  /** Cuts the connection off: the client sees the stream break, not end. */
  void reset();
}
