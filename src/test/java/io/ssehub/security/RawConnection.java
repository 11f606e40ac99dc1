package io.ssehub.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One raw loopback connection to a node, for requests no HTTP client would send. */
final class RawConnection implements AutoCloseable {

  /** What a raw exchange got back, and whether the server closed the connection within 5 s. */
  record Answer(String text, boolean closed) {
  }

  private final Socket socket = new Socket();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  static RawConnection open(int port) throws IOException {
    RawConnection raw = new RawConnection();
    raw.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return raw;
  }

  /** Sends {@code request} and reads until the server closes (or 5 s pass). */
  static String exchange(int port, String request) throws IOException {
    try (RawConnection raw = open(port)) {
      raw.write(request);
      raw.closedWithin(5000);
      return raw.received();
    }
  }

  /** Sends {@code request} and reads until the server closes (or 5 s pass), noting which came first. */
  static Answer answer(int port, String request) throws IOException {
    try (RawConnection raw = open(port)) {
      raw.write(request);
      boolean closed = raw.closedWithin(5000);
      return new Answer(raw.received(), closed);
    }
  }

  void write(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** False when the server has closed (or reset) the connection. */
  boolean writeQuietly(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads what arrives; true when the server closed the connection within {@code millis}. */
  boolean closedWithin(long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    byte[] chunk = new byte[8192];
    while (System.currentTimeMillis() < deadline) {
      socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
      try {
        int n = socket.getInputStream().read(chunk);
        if (n < 0) {
          return true;
        }
        received.write(chunk, 0, n);
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }
    return false;
  }

  String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
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
