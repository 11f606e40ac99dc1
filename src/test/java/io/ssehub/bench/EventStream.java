package io.ssehub.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;

/**
 * One SSE stream of the load tool ({@link StreamReaders}): its channel, the sequence numbers it has seen, and a
 * parser for its HTTP/1.1 response that takes one byte at a time: the head (status and whether the body is
 * chunked), the chunked encoding if any, and the event stream's lines, which it hands to a {@link Listener}
 * without allocating.
 */
final class EventStream {

  /** Lines longer than this are cut; the load tool's own lines are about 100 bytes. */
  static final int LINE_MAX = 256;

  /** What the parser reports, on the thread that reads the stream. */
  interface Listener {

    /** The response head is complete: {@link #status} is set. */
    void onHeaders(EventStream stream);

    /** A line of the event stream ended: it is {@code line[0, lineLength)}. */
    void onLine(EventStream stream, long now);
  }


  private static final int SIZE = 0;
  private static final int SIZE_END = 1;
  private static final int DATA = 2;
  private static final int DATA_END = 3;

  final ByteBuffer request;
  final BitSet seen = new BitSet();
  final CompletableFuture<Void> opened = new CompletableFuture<>();
  SocketChannel channel;
  boolean ended;
  // the response head
  boolean headersDone;
  int status;
  boolean chunked;
  private final StringBuilder head = new StringBuilder();
  // the chunked body
  private int chunkState = SIZE;
  private long chunkLeft;
  // the current line of the event stream
  final byte[] line = new byte[LINE_MAX + 1];
  int lineLength;

  EventStream(ByteBuffer request) {
    this.request = request;
  }

  void take(byte b, long now, Listener listener) {
    if (!headersDone) {
      head.append((char) b);
      int n = head.length();
      if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
        parseHead();
        listener.onHeaders(this);
      }
      return;
    }
    if (!chunked) {
      body(b, now, listener);
      return;
    }
    switch (chunkState) {
      case SIZE -> {
        if (b == '\n') {
          chunkState = chunkLeft == 0 ? endOfBody() : DATA;
        } else if (b == ';') {
          chunkState = SIZE_END;
        } else if (b != '\r') {
          chunkLeft = chunkLeft * 16 + Character.digit(b, 16);
        }
      }
      case SIZE_END -> {
        if (b == '\n') {
          chunkState = chunkLeft == 0 ? endOfBody() : DATA;
        }
      }
      case DATA -> {
        body(b, now, listener);
        if (--chunkLeft == 0) {
          chunkState = DATA_END;
        }
      }
      default -> { // DATA_END: the CRLF after a chunk's data
        if (b == '\n') {
          chunkState = SIZE;
        }
      }
    }
  }

  private int endOfBody() {
    ended = true;
    return SIZE;
  }

  private void body(byte b, long now, Listener listener) {
    if (b == '\n') {
      listener.onLine(this, now);
      lineLength = 0;
    } else if (lineLength <= LINE_MAX) {
      line[lineLength++] = b;
    }
  }

  private void parseHead() {
    headersDone = true;
    String[] lines = head.toString().split("\r\n");
    String[] statusLine = lines[0].split(" ");
    status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
    for (String header : lines) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("transfer-encoding")
        && header.substring(colon + 1).toLowerCase().contains("chunked")) {
        chunked = true;
      }
    }
    head.setLength(0);
    head.trimToSize();
  }

  void close() {
    ended = true;
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
