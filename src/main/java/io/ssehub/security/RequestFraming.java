package io.ssehub.security;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.List;
import java.util.Map;

/**
 * Request framing that two HTTP parsers could read differently, so that a request hidden in a body reaches the
 * hub (RFC 9112 section 6.1): a Transfer-Encoding next to a Content-Length, a Transfer-Encoding other than one
 * {@code chunked}, a Transfer-Encoding in an HTTP/1.0 request (whose framing the RFC calls faulty), or several
 * Content-Length values; on HTTP/2, a CR, LF or NUL in a header field or the path. Such a request gets 400 (501 for
 * a coding the hub does not know) with a sentence, and its connection is closed, so nothing after it on the
 * connection is read (on HTTP/2 its stream is reset). {@link StrictFraming} refuses what Netty's
 * decoder would hide from this class.
 */
final class RequestFraming {

  static final String ONE_LENGTH = "A request must carry either one Content-Length or one "
    + "'Transfer-Encoding: chunked', not both and not either twice; send one of them.";

  private RequestFraming() {
  }

  static final String LINE_BREAK_IN_FIELD = "An HTTP/2 request's header fields and path may not hold a CR, LF or NUL "
    + "character (RFC 9113 section 8.2.1); send it without them.";

  /** True when the request was refused (answered and its connection closed, on HTTP/2 its stream). */
  static boolean refuse(HttpServerRequest request, EdgeGuard guard) {
    MultiMap headers = request.headers();
    if (request.version() == HttpVersion.HTTP_2 && (breaksLines(request.uri()) || breaksLines(headers))) {
      answer(request, guard, 400, LINE_BREAK_IN_FIELD);
      return true;
    }
    List<String> codings = headers.getAll("Transfer-Encoding");
    List<String> lengths = headers.getAll("Content-Length");
    if (codings.isEmpty() && lengths.size() <= 1) {
      return false;
    }
    if (codings.size() > 1 || !codings.isEmpty() && !lengths.isEmpty() || lengths.size() > 1) {
      answer(request, guard, 400, ONE_LENGTH);
      return true;
    }
    if (!codings.isEmpty() && request.version() == HttpVersion.HTTP_1_0) {
      answer(request, guard, 400, "A request of HTTP version 1.0 cannot use Transfer-Encoding; send its body with a "
        + "Content-Length, or send the request as version 1.1.");
      return true;
    }
    if (!codings.isEmpty() && !"chunked".equalsIgnoreCase(codings.get(0))) {
      answer(request, guard, 501, "The only Transfer-Encoding this hub reads is 'chunked'; send the body with "
        + "that or with a Content-Length.");
      return true;
    }
    return false;
  }

  /**
   * Whether a field holds CR, LF or NUL: HTTP/1.1's decoder cannot read them as part of a field, HTTP/2's HPACK
   * carries them, and Netty's HTTP/2 codec passes them on.
   */
  private static boolean breaksLines(MultiMap headers) {
    for (Map.Entry<String, String> header : headers) {
      if (breaksLines(header.getKey()) || breaksLines(header.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean breaksLines(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return true;
      }
    }
    return false;
  }

  /** Counts and logs the refusal, answers {@code status} with the sentence and closes the connection. */
  static void answer(HttpServerRequest request, EdgeGuard guard, int status, String sentence) {
    guard.refused("framing", sentence + " (from " + request.remoteAddress() + ")");
    EdgeGuard.lastAnswer(request);
    request.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "text/plain; charset=utf-8")
      .end(sentence + "\n");
    guard.closeAfter(request);
  }
}
