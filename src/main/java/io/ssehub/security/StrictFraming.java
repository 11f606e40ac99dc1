package io.ssehub.security;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ByteProcessor;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.1 request heads that Netty's decoder repairs before Vert.x builds the request, refused instead (RFC 9112):
 * both {@code Content-Length} and {@code Transfer-Encoding: chunked} (section 6.1; Netty drops the length and reads
 * the body as chunked), and a header line that starts with a space or a tab (obs-fold, section 5.2; Netty joins it to
 * the line before). Such a head fails to decode with a {@link Refused} cause, so Vert.x hands the request to the
 * server's invalid-request handler, and the decoder discards every later byte of the connection: nothing after the
 * head is read as a request.
 *
 * <p>No public Vert.x API can do this: the request Vert.x hands over carries only the repaired head. This is the one
 * class that touches Vert.x's and Netty's internals for it. {@link #install} replaces the connection's decoder (the
 * pipeline handler Vert.x names {@code httpDecoder}, kept under that name, so that WebSocket and h2c upgrades still
 * find and remove it) with a subclass of Vert.x's own, built from the same server options. The subclass notes a
 * folded line as the head's bytes arrive, and refuses from the hooks Netty calls inside its own error handling while
 * it reads a head. A connection without that handler (HTTP/2) is left as it is.
 *
 * <p>It needs h2c off, as the gateway has it (or TLS on). With h2c on, Vert.x calls the connection handler only once
 * the first request's head is decoded, and a decoder replaced then would read the rest of that request as a new one;
 * so a server with h2c on keeps Netty's decoder, and this class says so once in the log. {@link EdgeGuard} then lets
 * such a connection carry one HTTP/1.1 request only ({@link #lenient()}), so that nothing hidden behind a leniently
 * read request is ever read as a request.
 */
public final class StrictFraming {

  static final String FOLDED = "A header line starts with a space or a tab (obsolete line folding); send each "
    + "header on a single line.";

  private static final String DECODER = "httpDecoder";
  /** What Netty skips before a request line. */
  private static final ByteProcessor BEFORE_REQUEST_LINE = b -> b >= 0 && (b <= ' ' || b == 0x7f);

  private static final Logger LOG = LoggerFactory.getLogger(StrictFraming.class);
  /** One warning per JVM, not one per gateway instance. */
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final HttpServerOptions options;
  private final boolean lenient;

  public StrictFraming(HttpServerOptions options) {
    this.options = options;
    this.lenient = options.isHttp2ClearTextEnabled() && !options.isSsl();
    if (lenient && !WARNED.getAndSet(true)) {
      LOG.warn("HTTP/2 over cleartext (h2c) is on: HTTP/1.1 requests are framed by Netty's lenient decoder, which "
        + "reads a request with both Content-Length and chunked, or with a folded header line; each HTTP/1.1 "
        + "connection on this port carries one request, so nothing behind such a request runs; turn h2c off to "
        + "refuse them and keep HTTP/1.1 connections open");
    }
  }

  /** True when HTTP/1.1 heads are read by Netty's lenient decoder (h2c on, no TLS). */
  public boolean lenient() {
    return lenient;
  }

  /** For the server's connection handler, which Vert.x calls before the first byte is decoded (with h2c off). */
  public void install(HttpConnection connection) {
    if (lenient || !(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder current && !(current instanceof Decoder)) {
      pipeline.replace(DECODER, DECODER, new Decoder(options));
    }
  }

  /** Why a head was refused: a sentence for the client. */
  public static final class Refused extends IllegalArgumentException {
    private Refused(String sentence) {
      super(sentence);
    }
  }

  /** Vert.x's decoder, one per connection, with the two refusals. */
  private static final class Decoder extends VertxHttpRequestDecoder {

    /** Where the bytes at the decoder's reader index are; Netty consumes a head one whole line at a time. */
    private enum At { REQUEST_LINE, HEADER_LINE, BODY }

    private At at = At.REQUEST_LINE;
    private boolean folded;

    private Decoder(HttpServerOptions options) {
      super(options);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      if (at != At.BODY) {
        scanHead(in);
      }
      int before = out.size();
      super.decode(ctx, in, out);
      for (Object decoded : out.subList(before, out.size())) {
        if (decoded instanceof HttpMessage) {
          at = At.BODY;
        }
        if (decoded instanceof LastHttpContent) {
          at = At.REQUEST_LINE;
        }
      }
    }

    /** Notes a folded line among the complete lines of the head that start at the reader index. */
    private void scanHead(ByteBuf in) {
      int line = in.readerIndex();
      int end = in.writerIndex();
      if (at == At.REQUEST_LINE) {
        int start = in.forEachByte(line, end - line, BEFORE_REQUEST_LINE);
        int next = start < 0 ? -1 : in.indexOf(start, end, (byte) '\n');
        if (next < 0) {
          return;
        }
        at = At.HEADER_LINE;
        line = next + 1;
      }
      while (line < end) {
        byte first = in.getByte(line);
        if (first == '\r' || first == '\n') {
          return;
        }
        if (first == ' ' || first == '\t') {
          folded = true;
          return;
        }
        int next = in.indexOf(line, end, (byte) '\n');
        if (next < 0) {
          return;
        }
        line = next + 1;
      }
    }

    /** Netty calls this for each header line that it does not fold into the one before. */
    @Override
    protected AsciiString splitHeaderName(byte[] line, int start, int length) {
      refuseFolded();
      return super.splitHeaderName(line, start, length);
    }

    /** Netty calls this once the whole head is read, before it looks at the body's framing. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
      refuseFolded();
      return super.isContentAlwaysEmpty(message);
    }

    private void refuseFolded() {
      if (folded) {
        throw new Refused(FOLDED);
      }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      throw new Refused(RequestFraming.ONE_LENGTH);
    }

    @Override
    public void reset() {
      at = At.REQUEST_LINE;
      folded = false;
      super.reset();
    }
  }
}
