package io.ssehub.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 write path past Vert.x ({@code gateway.wire: "direct"}), and the only class here on Vert.x and
 * Netty internals. Once Vert.x has written the response head, each frame goes out as one HTTP chunk written from
 * the context of Netty's HTTP encoder, so the bytes skip Vert.x's outbound queue, the content wrapper and the
 * encoder (which would add a chunk header and trailer per write) and go straight to the socket.
 * A live event is framed as a chunk once ({@link #share}) and the same bytes go to every connection. The
 * response's end still goes through Vert.x, which writes the last chunk; the encoder's state is not changed by
 * chunks that bypass it.
 *
 * <p>Only for cleartext HTTP/1.1 connections ({@link SseWire#of} gives TLS ones a {@link PublicWire}) whose
 * pipeline has the encoder and neither compression nor an idle handler between it and Vert.x (this server enables
 * neither); for any other, {@link #of} is null.
 */
final class DirectWire implements SseWire {

  private static final byte[] CRLF = {'\r', '\n'};

  private final HttpServerResponse response;
  private final ChannelHandlerContext encoder;
  private final ChannelOutboundBuffer pending;
  private final int writeQueueBytes;
  private final PublicWire lifecycle;
  private long bodyBytes;

  private DirectWire(HttpServerResponse response, ChannelHandlerContext encoder, int writeQueueBytes) {
    this.response = response;
    this.encoder = encoder;
    this.pending = encoder.channel().unsafe().outboundBuffer();
    this.writeQueueBytes = writeQueueBytes;
    this.lifecycle = new PublicWire(response);
  }

  /**
   * The wire under this request's response, or null when the response must be written through Vert.x. With
   * {@code noDelay} false the connection leaves Nagle's algorithm on from now (see {@code gateway.sseNoDelay}).
   */
  static DirectWire of(HttpServerRequest request, int writeQueueBytes, boolean noDelay) {
    if (request.version() != HttpVersion.HTTP_1_1 || !(request.connection() instanceof ConnectionBase connection)) {
      return null;
    }
    ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
    ChannelHandlerContext encoder = pipeline.context("httpEncoder");
    if (encoder == null || pipeline.get("deflater") != null || pipeline.get("idle") != null) {
      return null;
    }
    if (!noDelay) {
      pipeline.channel().config().setOption(ChannelOption.TCP_NODELAY, false);
    }
    return new DirectWire(request.response(), encoder, writeQueueBytes);
  }

  /**
   * The frame and the same frame as an HTTP chunk, in one piece of direct memory allocated once per event and
   * view; the frame is a slice of the chunk. Direct memory, because Netty's socket channels write only direct
   * buffers and would copy a heap frame into a fresh direct one for every connection. The memory goes back when
   * the frame is garbage collected. The chunk cannot be released: every connection writes a duplicate of it,
   * and counting references on one counter from every event loop, a thousand times per event, made the loops
   * fight over its cache line (a third of the gateway's CPU time in a profile).
   */
  static SharedFrame share(Buffer frame) {
    int length = chunkLength(frame.length());
    ByteBuf chunk = chunk(frame, Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(length)).clear());
    ByteBuf body = chunk.slice(length - frame.length() - CRLF.length, frame.length());
    return new ChunkedFrame(BufferInternal.buffer(body), Unpooled.unreleasableBuffer(chunk));
  }

  @Override
  public void write(Buffer frame) {
    if (frame.length() > 0) {
      bodyBytes += frame.length();
      send(chunk(frame, encoder.alloc().directBuffer(chunkLength(frame.length()))));
    }
  }

  /** A frame from {@link #share} goes out as its chunk, with this stream's own reader index. */
  @Override
  public void write(SharedFrame frame) {
    if (frame.frame().length() == 0) {
      return;
    }
    if (frame instanceof ChunkedFrame chunked) {
      bodyBytes += frame.frame().length();
      send(chunked.chunk.duplicate());
    } else {
      write(frame.frame());
    }
  }

  /** The frames written here, and whatever Vert.x wrote of the response itself. */
  @Override
  public long bytesWritten() {
    return bodyBytes + lifecycle.bytesWritten();
  }

  /** Reads the channel's own count of bytes not yet taken by the socket, which these writes bypass Vert.x for. */
  @Override
  public boolean writeQueueFull() {
    return pending != null && pending.totalPendingWriteBytes() >= writeQueueBytes;
  }

  /** The channel's writability follows the same bytes, and Vert.x reports it through the response. */
  @Override
  public void drainHandler(Handler<Void> handler) {
    response.drainHandler(handler);
  }

  @Override
  public void closeHandler(Handler<Void> handler) {
    lifecycle.closeHandler(handler);
  }

  @Override
  public void end() {
    lifecycle.end();
  }

  @Override
  public void reset() {
    lifecycle.reset();
  }

  /** The frame as one HTTP chunk: its length in hex, CRLF, the bytes, CRLF. */
  private static ByteBuf chunk(Buffer frame, ByteBuf into) {
    into.writeBytes(Integer.toHexString(frame.length()).getBytes(StandardCharsets.US_ASCII))
      .writeBytes(CRLF)
      .writeBytes(((BufferInternal) frame).getByteBuf())
      .writeBytes(CRLF);
    return into;
  }

  /** The number of bytes that {@link #chunk} makes of a frame of this length. */
  private static int chunkLength(int frameLength) {
    return Integer.toHexString(frameLength).length() + frameLength + 2 * CRLF.length;
  }

  private void send(ByteBuf chunk) {
    encoder.writeAndFlush(chunk, encoder.voidPromise());
  }

  /** A shared frame with its HTTP chunk beside it. */
  private static final class ChunkedFrame extends SharedFrame {

    private final ByteBuf chunk;

    ChunkedFrame(Buffer frame, ByteBuf chunk) {
      super(frame);
      this.chunk = chunk;
    }
  }
}
