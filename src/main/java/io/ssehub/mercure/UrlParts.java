package io.ssehub.mercure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL split into the eight components of the WHATWG URL standard that URL Pattern matches on, without
 * the {@code :}, {@code ?} and {@code #} delimiters. {@link #parse} resolves a relative reference against a base
 * (RFC 3986 section 5.2), lowercases the scheme and, for the special schemes, the host, drops a special scheme's
 * default port, removes dot-segments from hierarchical paths and percent-encodes what the URL standard encodes
 * (controls, space, {@code "<>`{}} and every non-ASCII character, as UTF-8). It is a small parser for topics,
 * not a full URL parser: it does no IDNA and no IPv4 number forms.
 */
public record UrlParts(
  String protocol,
  String username,
  String password,
  String hostname,
  String port,
  String pathname,
  String search,
  String hash) {

  /** The special schemes of the URL standard and their default ports ({@code file} has none). */
  static final Map<String, String> SPECIAL = Map.of("http", "80", "https", "443", "ws", "80", "wss", "443",
    "ftp", "21", "file", "");

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
  private static final Pattern PORT = Pattern.compile("[0-9]*");

  /** The URL, or null when it is not one: no scheme and no base, or a port that is not a number. */
  public static UrlParts parse(String input, UrlParts base) {
    Matcher scheme = SCHEME.matcher(input);
    if (scheme.find()) {
      return absolute(scheme.group(1).toLowerCase(Locale.ROOT), input.substring(scheme.end()));
    }
    return base == null ? null : relative(input, base);
  }

  /** The URL a string names, absolute; null when it is not one. */
  public static UrlParts parse(String input) {
    return parse(input, null);
  }

  public boolean special() {
    return SPECIAL.containsKey(protocol);
  }

  private static UrlParts absolute(String protocol, String rest) {
    String hash = after(rest, '#');
    rest = before(rest, '#');
    String search = after(rest, '?');
    rest = before(rest, '?');
    if (!rest.startsWith("//")) {
      return build(protocol, "", "", "", "", rest, search, hash);
    }
    int slash = rest.indexOf('/', 2);
    String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    return withAuthority(protocol, authority, path, search, hash);
  }

  private static UrlParts withAuthority(String protocol, String authority, String path, String search, String hash) {
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at);
    String hostPort = authority.substring(at + 1);
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort;
    String port = "";
    if (colon >= 0 && hostPort.indexOf(']', colon) < 0) {
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
      if (!PORT.matcher(port).matches() || port.length() > 5 || (!port.isEmpty() && Integer.parseInt(port) > 65535)) {
        return null;
      }
    }
    int colonInUser = userInfo.indexOf(':');
    String username = colonInUser < 0 ? userInfo : userInfo.substring(0, colonInUser);
    String password = colonInUser < 0 ? "" : userInfo.substring(colonInUser + 1);
    return build(protocol, username, password, host, port, path.isEmpty() && SPECIAL.containsKey(protocol) ? "/" : path,
      search, hash);
  }

  private static UrlParts relative(String input, UrlParts base) {
    String hash = after(input, '#');
    String rest = before(input, '#');
    String search = after(rest, '?');
    rest = before(rest, '?');
    if (rest.startsWith("//")) {
      return absolute(base.protocol, input);
    }
    if (rest.isEmpty()) {
      return build(base.protocol, base.username, base.password, base.hostname, base.port, base.pathname,
        search == null ? base.search : search, hash);
    }
    String path = rest.startsWith("/") ? rest : directory(base.pathname) + rest;
    return build(base.protocol, base.username, base.password, base.hostname, base.port, path, search, hash);
  }

  private static UrlParts build(String protocol, String username, String password, String host, String port,
                                String path, String search, String hash) {
    boolean special = SPECIAL.containsKey(protocol);
    String pathname = path.startsWith("/") ? removeDotSegments(path) : path;
    return new UrlParts(protocol, encode(username), encode(password),
      special ? host.toLowerCase(Locale.ROOT) : host,
      port.equals(SPECIAL.get(protocol)) ? "" : port,
      encode(pathname), search == null ? "" : encode(search), hash == null ? "" : encode(hash));
  }

  /** The path up to and with its last {@code /}: where a relative path is resolved (RFC 3986, 5.2.3). */
  static String directory(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "/" : path.substring(0, slash + 1);
  }

  /** RFC 3986 section 5.2.4: {@code /a/./b/../c} is {@code /a/c}. */
  public static String removeDotSegments(String path) {
    List<String> out = new ArrayList<>();
    String[] segments = path.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else if (segment.equals(".")) {
        if (last) {
          out.add("");
        }
      } else {
        out.add(segment);
      }
    }
    return "/" + String.join("/", out);
  }

  /** Controls, space, {@code "<>`{}} and non-ASCII percent-encoded as UTF-8; everything else, escapes too, kept. */
  static String encode(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean keep = c > 0x20 && c < 0x7f && "\"<>`{}".indexOf(c) < 0;
      if (keep) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.substring(0, i));
      }
      int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
      for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
      i = end - 1;
    }
    return out == null ? text : out.toString();
  }

  private static String before(String text, char delimiter) {
    int index = text.indexOf(delimiter);
    return index < 0 ? text : text.substring(0, index);
  }

  private static String after(String text, char delimiter) {
    int index = text.indexOf(delimiter);
    return index < 0 ? null : text.substring(index + 1);
  }
}
