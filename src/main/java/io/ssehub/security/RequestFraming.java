package io.ssehub.security;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.List;

/**
 * Request framing that two HTTP parsers could read differently, so that a request hidden in a body reaches the
 * hub (RFC 9112 section 6.1): a Transfer-Encoding next to a Content-Length, a Transfer-Encoding other than one
 * {@code chunked}, a Transfer-Encoding in an HTTP/1.0 request (whose framing the RFC calls faulty), or several
 * Content-Length values. Such a request gets 400 (501 for a coding the hub does not know) with a sentence, and its
 * connection is closed, so nothing after it on the connection is read. {@link StrictFraming} refuses what Netty's
 * decoder would hide from this class.
 */
final class RequestFraming {

  static final String ONE_LENGTH = "A request must carry either one Content-Length or one "
    + "'Transfer-Encoding: chunked', not both and not either twice; send one of them.";

  private RequestFraming() {
  }

  /** True when the request was refused (answered and its connection closed). */
  static boolean refuse(HttpServerRequest request, EdgeGuard guard) {
    MultiMap headers = request.headers();
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

  /** Counts and logs the refusal, answers {@code status} with the sentence and closes the connection. */
  static void answer(HttpServerRequest request, EdgeGuard guard, int status, String sentence) {
    guard.refused("framing", sentence + " (from " + request.remoteAddress() + ")");
    request.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "text/plain; charset=utf-8")
      .putHeader("Connection", "close")
      .end(sentence + "\n");
    guard.closeAfter(request);
  }
}
