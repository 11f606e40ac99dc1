package io.ssehub.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.ByteBuffer;

/**
 * One encoded event as every local stream writes it: the SSE frame, and the same frame as an HTTP chunk,
 * in one piece of direct memory allocated once per event and view. Streams on a {@link ChunkWire} write
 * the chunk, the others (and replays, which batch frames) the frame, which is a slice of the chunk.
 *
 * <p>Direct memory, because Netty's socket channels write only direct buffers and would copy a heap
 * frame into a fresh direct one for every connection. The memory goes back when the frame is garbage
 * collected. The chunk cannot be released: every connection writes a duplicate of it, and counting
 * references on one counter from every event loop, a thousand times per event, made the loops fight over
 * its cache line (a third of the gateway's CPU time in a profile).
 */
record SharedFrame(Buffer frame, ByteBuf chunk) {

  static SharedFrame of(Buffer frame) {
    int length = ChunkWire.chunkLength(frame.length());
    ByteBuf chunk = ChunkWire.chunk(frame, Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(length)).clear());
    ByteBuf body = chunk.slice(length - frame.length() - 2, frame.length());
    return new SharedFrame(BufferInternal.buffer(body), Unpooled.unreleasableBuffer(chunk));
  }
}
