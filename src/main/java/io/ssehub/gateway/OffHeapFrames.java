package io.ssehub.gateway;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;

/**
 * Copies a frame that many connections will write into direct memory, once. Netty's socket channels
 * write only direct buffers and copy any heap buffer into a fresh direct one on every write, so a heap
 * frame written to a thousand connections costs a thousand allocations and copies; a direct frame is
 * sliced and written as it is. The memory goes back when the frame is garbage collected.
 */
final class OffHeapFrames {

  private OffHeapFrames() {
  }

  static Buffer copy(Buffer frame) {
    ByteBuffer direct = ByteBuffer.allocateDirect(frame.length());
    direct.put(frame.getBytes()).flip();
    return BufferInternal.buffer(Unpooled.wrappedBuffer(direct));
  }
}
