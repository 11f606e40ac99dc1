package io.ssehub.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One request as raw bytes over its own loopback socket, so that nothing between the test and the hub
 * cleans it up first (an HTTP client library would refuse CR, LF or NUL in a header). Reads the answer until
 * the server closes, or only its head when it is an SSE stream.
 */
final class RawHttp {

  /** What came back: the status (0 when the server closed without answering), the head and the body. */
  record Answer(int status, String head, byte[] body, boolean timedOut) {

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final int TIMEOUT_MILLIS = 5000;
  private static final int MAX_READ = 1 << 20;

  private RawHttp() {
  }

  static Answer send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // The server may close before it has read everything (a head too large): read what it said.
      }
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    boolean timedOut = false;
    try {
      int n;
      while ((n = in.read(chunk)) > 0 && received.size() < MAX_READ) {
        received.write(chunk, 0, n);
        if (isStreamHead(received.toByteArray())) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      timedOut = true;
    } catch (IOException e) {
      // reset by the server: what arrived before counts
    }
    return parse(received.toByteArray(), timedOut);
  }

  private static boolean isStreamHead(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    return end > 0 && text.substring(0, end).toLowerCase().contains("content-type: text/event-stream");
  }

  private static Answer parse(byte[] bytes, boolean timedOut) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("HTTP/1.")) {
      return new Answer(0, text, new byte[0], timedOut);
    }
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    int status = Integer.parseInt(head.substring(9, 12));
    return new Answer(status, head, body, timedOut);
  }
}
