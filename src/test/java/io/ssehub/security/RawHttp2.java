package io.ssehub.security;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One raw HTTP/2 connection over TLS (ALPN {@code h2}) that writes frames byte by byte, so that a test can send
 * header blocks no HTTP/2 client library would build: connection-specific headers, upper-case names, a
 * {@code content-length} that its DATA frames contradict. Header blocks are HPACK literals without indexing (no
 * Huffman, no table), answers are read back with Netty's HPACK decoder.
 */
final class RawHttp2 implements AutoCloseable {

  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int GOAWAY = 0x7;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;

  /** One frame as read: its type, flags, stream, payload, and for a HEADERS frame its decoded headers. */
  record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {

    /** The error code of a RST_STREAM or GOAWAY frame. */
    int errorCode() {
      int at = type == GOAWAY ? 4 : 0;
      return ((payload[at] & 0xff) << 24) | ((payload[at + 1] & 0xff) << 16) | ((payload[at + 2] & 0xff) << 8)
        | (payload[at + 3] & 0xff);
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final SSLSocket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

  private RawHttp2(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects, agrees on {@code h2} by ALPN, and sends the connection preface with empty SETTINGS. */
  static RawHttp2 open(int port) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    SSLSocket secure = (SSLSocket) RawConnection.trustingEverything().getSocketFactory()
      .createSocket(plain, "127.0.0.1", port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    secure.setSSLParameters(parameters);
    secure.setSoTimeout(5000);
    secure.startHandshake();
    if (!"h2".equals(secure.getApplicationProtocol())) {
      secure.close();
      throw new IOException("the server did not agree on h2 by ALPN: " + secure.getApplicationProtocol());
    }
    RawHttp2 raw = new RawHttp2(secure);
    raw.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    raw.frame(SETTINGS, 0, 0, new byte[0]);
    return raw;
  }

  /**
   * A HEADERS frame on {@code stream} with these fields, in order, as given (pseudo-headers included);
   * {@code endStream} when no DATA follows.
   */
  void headers(int stream, List<Map.Entry<String, String>> fields, boolean endStream) throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields) {
      block.write(0x00); // literal header field without indexing, new name
      string(block, field.getKey());
      string(block, field.getValue());
    }
    frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block.toByteArray());
  }

  void data(int stream, String text, boolean endStream) throws IOException {
    frame(DATA, endStream ? END_STREAM : 0, stream, text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * The frames that arrive within {@code millis} or until the server closes the connection, SETTINGS and its
   * acknowledgement left out (this client acknowledges the server's SETTINGS as they come).
   */
  List<Frame> read(long millis) throws IOException {
    List<Frame> frames = new ArrayList<>();
    long deadline = System.currentTimeMillis() + millis;
    try {
      while (System.currentTimeMillis() < deadline) {
        socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
        int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (type == SETTINGS) {
          if ((flags & 0x1) == 0) {
            frame(SETTINGS, 0x1, 0, new byte[0]);
          }
          continue;
        }
        frames.add(new Frame(type, flags, stream, payload, type == HEADERS ? decode(stream, payload, flags) : null));
        if (type == GOAWAY) {
          break;
        }
      }
    } catch (SocketTimeoutException | EOFException e) {
      // the time is up, or the server closed the connection
    } catch (IOException e) {
      // reset by the server
    }
    return frames;
  }

  /** The frames of {@code stream} among {@code frames}. */
  static List<Frame> of(List<Frame> frames, int stream) {
    return frames.stream().filter(frame -> frame.stream() == stream).toList();
  }

  private Http2Headers decode(int stream, byte[] payload, int flags) throws IOException {
    int from = 0;
    int padding = 0;
    if ((flags & 0x8) != 0) { // PADDED
      padding = payload[0] & 0xff;
      from = 1;
    }
    if ((flags & 0x20) != 0) { // PRIORITY
      from += 5;
    }
    ByteBuf block = Unpooled.wrappedBuffer(payload, from, payload.length - from - padding);
    try {
      return decoder.decodeHeaders(stream, block);
    } catch (Http2Exception e) {
      throw new IOException("an answer's header block does not decode", e);
    } finally {
      block.release();
    }
  }

  private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    byte[] head = {
      (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
      (byte) type, (byte) flags,
      (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
    out.write(head);
    out.write(payload);
    out.flush();
  }

  /** An HPACK string literal, not Huffman-coded, its length as a 7-bit-prefix integer. */
  private static void string(ByteArrayOutputStream block, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
    int length = bytes.length;
    if (length < 127) {
      block.write(length);
    } else {
      block.write(127);
      length -= 127;
      while (length >= 128) {
        block.write((length & 0x7f) | 0x80);
        length >>>= 7;
      }
      block.write(length);
    }
    block.write(bytes, 0, bytes.length);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test socket
    }
  }
}
