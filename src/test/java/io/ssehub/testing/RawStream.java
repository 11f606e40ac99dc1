package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything one plain socket received from an HTTP server, with ways to wait on it, and a strict decoder of
 * a chunked body: for tests that check the bytes on the wire, which an HTTP client would hide.
 */
public final class RawStream {

  public static final String HEAD_END = "\r\n\r\n";
  public static final String LAST_CHUNK = "0\r\n\r\n";

  private final Buffer received = Buffer.buffer();
  private final Promise<Void> closed = Promise.promise();
  private final List<Runnable> waiting = new ArrayList<>();

  public void attach(NetSocket socket) {
    socket.handler(data -> {
      received.appendBuffer(data);
      new ArrayList<>(waiting).forEach(Runnable::run);
    });
    socket.closeHandler(v -> closed.tryComplete());
  }

  public String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  /** Completes when the server has closed the connection. */
  public Future<Void> closed() {
    return closed.future();
  }

  /** Completes once the text received so far meets the condition (read in full on every packet: keep it short). */
  public Future<Void> await(Predicate<String> condition) {
    return awaitBytes(bytes -> condition.test(text()));
  }

  /** Completes once the bytes received end with the last chunk; cheap for long streams. */
  public Future<Void> awaitLastChunk() {
    byte[] last = LAST_CHUNK.getBytes(StandardCharsets.US_ASCII);
    return awaitBytes(bytes -> bytes.length() >= last.length
      && bytes.getString(bytes.length() - last.length, bytes.length(), "US-ASCII").equals(LAST_CHUNK));
  }

  /** The response body: everything after the head. */
  public String body() {
    String text = text();
    return text.substring(text.indexOf(HEAD_END) + HEAD_END.length());
  }

  /** Decodes a chunked body strictly: each chunk is its hex length, CRLF, exactly that many bytes, CRLF. */
  public static List<String> chunks(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<String> chunks = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int lineEnd = at;
      while (bytes[lineEnd] != '\r') {
        lineEnd++;
      }
      int length = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
      int start = lineEnd + 2;
      chunks.add(new String(bytes, start, length, StandardCharsets.UTF_8));
      assertThat(new String(bytes, start + length, 2, StandardCharsets.US_ASCII))
        .as("CRLF after a chunk")
        .isEqualTo("\r\n");
      at = start + length + 2;
    }
    return chunks;
  }

  private Future<Void> awaitBytes(Predicate<Buffer> condition) {
    Promise<Void> met = Promise.promise();
    Runnable check = () -> {
      if (condition.test(received)) {
        met.tryComplete();
      }
    };
    waiting.add(check);
    check.run();
    return met.future();
  }
}
