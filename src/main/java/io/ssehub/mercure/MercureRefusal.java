package io.ssehub.mercure;

/**
 * A request the Mercure protocol refuses: the HTTP status it calls for (400 malformed, 401 no or bad token, 403 a
 * token without the right) and, as the message, the sentence for the person who sent it. Thrown by the parsers of
 * this package; no stack trace, it is not an error of the hub.
 */
public final class MercureRefusal extends RuntimeException {

  private final int status;
  private final String detail;

  public MercureRefusal(int status, String sentence) {
    this(status, sentence, null);
  }

  /** A refusal whose {@code detail} (why, for the log) is not for the client: a bad token's reason is never sent. */
  public MercureRefusal(int status, String sentence, String detail) {
    super(sentence, null, false, false);
    this.status = status;
    this.detail = detail;
  }

  public static MercureRefusal badRequest(String sentence) {
    return new MercureRefusal(400, sentence);
  }

  public int status() {
    return status;
  }

  /** Why, for a log line at debug level; null when the sentence says it all. */
  public String detail() {
    return detail;
  }
}
