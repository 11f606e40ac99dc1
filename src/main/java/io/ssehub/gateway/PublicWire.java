package io.ssehub.gateway;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A stream written through Vert.x's {@link HttpServerResponse}, which frames it for the connection: HTTP/1.1
 * chunks, HTTP/2 data frames, over TLS or not. Back-pressure is the response's write queue.
 */
final class PublicWire implements SseWire {

  private final HttpServerResponse response;
  private boolean closed;

  PublicWire(HttpServerResponse response) {
    this.response = response;
  }

  @Override
  public void write(Buffer frame) {
    if (frame.length() > 0) {
      response.write(frame);
    }
  }

  @Override
  public void write(SharedFrame frame) {
    write(frame.frame());
  }

  @Override
  public long bytesWritten() {
    return response.bytesWritten();
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    response.drainHandler(handler);
  }

  @Override
  public void closeHandler(Handler<Void> handler) {
    Handler<Void> once = v -> {
      if (!closed) {
        closed = true;
        handler.handle(null);
      }
    };
    response.closeHandler(once);
    response.exceptionHandler(error -> once.handle(null));
  }

  @Override
  public void end() {
    response.end();
  }

  @Override
  public void reset() {
    response.reset();
  }
}
