package io.ssehub.config;

import java.util.regex.Pattern;

/**
 * Connection strings as the hub may show them: the user-info part of a URL ({@code user:password@}) replaced by
 * {@code ***@}, so that a password in {@code redis.url}, {@code kafka.bootstrapServers} or
 * {@code reports.redis.connectionString} never reaches an answer, a log line or a metric label. Everything else
 * (scheme, host, port, database) stays, so that an operator still sees which server is meant.
 */
public final class Redacted {

  static final String MASK = "***";

  /** A scheme, then everything up to the last {@code @} before the host part ends. */
  private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^\\s/?#]*@");

  private Redacted() {
  }

  /**
   * The URL, or comma-separated list of {@code host:port} or URLs, with any user info masked:
   * {@code redis://default:S3cret@db:6379/0} is shown as {@code redis://***@db:6379/0}. Null stays null.
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String[] parts = url.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = one(parts[i]);
    }
    return String.join(",", parts);
  }

  /** A free text, such as a client's error message, with the user info of every URL in it masked. */
  public static String text(String text) {
    return text == null ? null : USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
  }

  private static String one(String address) {
    int scheme = address.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = authorityEnd(address, start);
    int at = address.lastIndexOf('@', end - 1);
    return at < start ? address : address.substring(0, start) + MASK + address.substring(at);
  }

  private static int authorityEnd(String address, int start) {
    for (int i = start; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return address.length();
  }
}
