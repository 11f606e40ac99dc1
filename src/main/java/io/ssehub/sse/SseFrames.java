package io.ssehub.sse;

import io.vertx.core.buffer.Buffer;

/**
 * The SSE encoder. Data is split on CR, LF and CRLF into one {@code data:} line per line; the
 * single-line fields ({@code id}, {@code event}, comments) have CR, LF and NUL replaced by a space, so
 * that no input can end a field early and forge an event.
 */
public final class SseFrames {

  private SseFrames() {
  }

  /** One event: {@code id:} and {@code event:} when given, then the data lines, then a blank line. */
  public static Buffer event(String id, String event, String data) {
    StringBuilder frame = new StringBuilder(32 + (data == null ? 0 : data.length()));
    if (id != null) {
      frame.append("id: ").append(singleLine(id)).append('\n');
    }
    if (event != null) {
      frame.append("event: ").append(singleLine(event)).append('\n');
    }
    appendData(frame, data == null ? "" : data);
    return Buffer.buffer(frame.append('\n').toString());
  }

  /** A comment, which clients ignore: the keep-alive. Several lines become several comments. */
  public static Buffer comment(String text) {
    StringBuilder frame = new StringBuilder();
    for (String line : text.split("\r\n|\r|\n", -1)) {
      frame.append(": ").append(line).append('\n');
    }
    return Buffer.buffer(frame.append('\n').toString());
  }

  /** The reconnection delay hint, sent once when a stream opens. */
  public static Buffer retry(long millis) {
    return Buffer.buffer("retry: " + millis + "\n\n");
  }

  /** True when a value can stand in a single-line field as it is: no CR, LF or NUL. */
  public static boolean isSingleLine(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        return false;
      }
    }
    return true;
  }

  private static void appendData(StringBuilder frame, String data) {
    int start = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        frame.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    frame.append("data: ").append(data, start, data.length()).append('\n');
  }

  private static String singleLine(String value) {
    return isSingleLine(value) ? value : value.replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
  }
}
