package io.ssehub.gateway;

import io.vertx.core.buffer.Buffer;

/**
 * One encoded event as every local stream writes it, built once per event and view and handed to the streams
 * of every event loop: nothing writes to it afterwards. A wire may keep its own form of the same bytes beside
 * the frame ({@link SseWire#share}).
 */
class SharedFrame {

  private final Buffer frame;

  SharedFrame(Buffer frame) {
    this.frame = frame;
  }

  /** The SSE frame: what a replay batches and what {@link PublicWire} writes. */
  final Buffer frame() {
    return frame;
  }
}
