package io.ssehub.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.charset.StandardCharsets;

/**
 * The socket side of one HTTP/1.1 SSE response, for frames that are already HTTP chunks. Once Vert.x has
 * written the response head, the stream writes each chunk from the context of Netty's HTTP encoder, so the
 * bytes skip Vert.x's outbound queue, the content wrapper and the encoder (which would copy out a chunk
 * header per write) and go straight to TLS, if any, and the socket. A live event is framed as a chunk once
 * ({@link SharedFrame}) and the same bytes go to every connection. The response's end still goes through
 * Vert.x, which writes the last chunk; the encoder's state is not changed by chunks that bypass it.
 *
 * <p>Only for HTTP/1.1 connections whose pipeline has the encoder and neither compression nor an idle
 * handler between it and Vert.x (this server enables neither); otherwise {@link #of} is null and the stream
 * writes through the response. Every method runs on the connection's event loop.
 */
final class ChunkWire {

  private static final byte[] CRLF = {'\r', '\n'};

  private final ChannelHandlerContext encoder;
  private final ChannelOutboundBuffer pending;

  private ChunkWire(ChannelHandlerContext encoder) {
    this.encoder = encoder;
    this.pending = encoder.channel().unsafe().outboundBuffer();
  }

  /**
   * The wire under this request's response, or null when the response must be written through Vert.x. With
   * {@code noDelay} false the connection leaves Nagle's algorithm on from now (see {@code gateway.sseNoDelay}).
   */
  static ChunkWire of(HttpServerRequest request, boolean noDelay) {
    if (request.version() != HttpVersion.HTTP_1_1 || !(request.connection() instanceof ConnectionBase connection)) {
      return null;
    }
    ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
    ChannelHandlerContext encoder = pipeline.context("httpEncoder");
    if (!noDelay) {
      pipeline.channel().config().setOption(ChannelOption.TCP_NODELAY, false);
    }
    if (encoder == null || pipeline.get("deflater") != null || pipeline.get("idle") != null) {
      return null;
    }
    return new ChunkWire(encoder);
  }

  /** The frame as one HTTP chunk: its length in hex, CRLF, the bytes, CRLF. */
  static ByteBuf chunk(Buffer frame, ByteBuf into) {
    into.writeBytes(Integer.toHexString(frame.length()).getBytes(StandardCharsets.US_ASCII))
      .writeBytes(CRLF)
      .writeBytes(((BufferInternal) frame).getByteBuf())
      .writeBytes(CRLF);
    return into;
  }

  /** The number of bytes that {@link #chunk} makes of a frame of this length. */
  static int chunkLength(int frameLength) {
    return Integer.toHexString(frameLength).length() + frameLength + 2 * CRLF.length;
  }

  /** Writes and flushes a frame of this stream only (a replay, a comment), framed here. */
  void write(Buffer frame) {
    if (frame.length() == 0) {
      return;
    }
    send(chunk(frame, encoder.alloc().directBuffer(chunkLength(frame.length()))));
  }

  /** Writes and flushes a frame shared with other streams; this stream gets its own reader index. */
  void write(SharedFrame frame) {
    if (frame.frame().length() > 0) {
      send(frame.chunk().duplicate());
    }
  }

  /** Bytes written but not yet taken by the socket (the channel's buffer, kept: it is read for every event). */
  long pendingBytes() {
    return pending == null ? 0 : pending.totalPendingWriteBytes();
  }

  private void send(ByteBuf chunk) {
    encoder.writeAndFlush(chunk, encoder.voidPromise());
  }
}
