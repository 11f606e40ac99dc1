package io.ssehub.mercure;

/**
 * A URL Pattern string cut into its eight component patterns, as the standard's constructor string parser cuts it:
 * a delimiter ({@code :} after the scheme, {@code //}, {@code @}, {@code :} before the port, {@code /}, {@code ?},
 * {@code #}) counts only outside groups, unescaped, and not as part of a named group or a modifier
 * ({@code /:id?} is an optional group, not a search). Components are filled in as {@link UrlPattern} describes.
 */
record PatternSplit(
  String protocol,
  String username,
  String password,
  String hostname,
  String port,
  String pathname,
  String search,
  String hash) {

  private static final String ANY = "*";

  /** The split pattern; null when it has no scheme and there is no base (a pattern that is not a URL). */
  static PatternSplit of(String pattern, UrlParts base) {
    boolean[] plain = plainCharacters(pattern);
    int colon = protocolEnd(pattern, plain);
    if (colon < 0) {
      return base == null ? null : relative(pattern, plain, base);
    }
    String protocol = pattern.substring(0, colon);
    int rest = colon + 1;
    if (!pattern.startsWith("//", rest) || !plain[rest] || !plain[rest + 1]) {
      Tail tail = Tail.of(pattern, plain, rest);
      return new PatternSplit(protocol, ANY, ANY, "", "", orEmpty(tail.pathname, tail),
        orEmptyBefore(tail.search, tail.hash), orAny(tail.hash));
    }
    int authorityEnd = indexOfPlain(pattern, plain, rest + 2, "/?#");
    Tail tail = Tail.of(pattern, plain, authorityEnd);
    Authority authority = Authority.of(pattern, plain, rest + 2, authorityEnd);
    boolean later = tail.search != null || tail.hash != null;
    String pathname = tail.pathname != null ? tail.pathname
      : later ? (UrlParts.SPECIAL.containsKey(protocol) ? "/" : "") : ANY;
    return new PatternSplit(protocol, authority.username, authority.password, authority.hostname, authority.port,
      pathname, orEmptyBefore(tail.search, tail.hash), orAny(tail.hash));
  }

  /** A pattern without a scheme, resolved against the base: {@code /books/:id}, {@code books/:id}, {@code ?q}. */
  private static PatternSplit relative(String pattern, boolean[] plain, UrlParts base) {
    Tail tail = Tail.of(pattern, plain, 0);
    String pathname = tail.pathname == null ? escape(base.pathname())
      : tail.pathname.startsWith("/") || tail.pathname.startsWith("{/") || tail.pathname.startsWith("\\/")
      ? tail.pathname : escape(UrlParts.directory(base.pathname())) + tail.pathname;
    String search = tail.search != null ? tail.search
      : tail.pathname == null && tail.hash != null ? escape(base.search()) : ANY;
    return new PatternSplit(escape(base.protocol()), ANY, ANY, escape(base.hostname()), escape(base.port()), pathname,
      search, orAny(tail.hash));
  }

  /** The characters that may act as delimiters: not escaped, outside groups, not in a named group or a modifier. */
  private static boolean[] plainCharacters(String pattern) {
    boolean[] plain = new boolean[pattern.length()];
    int depth = 0;
    boolean afterPart = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i++;
        afterPart = false;
      } else if (c == '{' || c == '(') {
        depth++;
      } else if (c == '}' || c == ')') {
        depth = Math.max(0, depth - 1);
        afterPart = depth == 0;
      } else if (depth > 0) {
        continue;
      } else if (c == ':' && i + 1 < pattern.length() && Character.isJavaIdentifierStart(pattern.charAt(i + 1))) {
        while (i + 1 < pattern.length() && Character.isJavaIdentifierPart(pattern.charAt(i + 1))) {
          i++;
        }
        afterPart = true;
      } else if (c == '*' || (c == '?' || c == '+') && afterPart) {
        afterPart = c == '*';
      } else {
        plain[i] = true;
        afterPart = false;
      }
    }
    return plain;
  }

  /** The index of the scheme's {@code :}, or -1 when a {@code /}, {@code ?} or {@code #} comes first. */
  private static int protocolEnd(String pattern, boolean[] plain) {
    for (int i = 0; i < pattern.length(); i++) {
      if (plain[i] && "/?#".indexOf(pattern.charAt(i)) >= 0) {
        return -1;
      }
      if (plain[i] && pattern.charAt(i) == ':') {
        return i == 0 ? -1 : i;
      }
    }
    return -1;
  }

  static int indexOfPlain(String pattern, boolean[] plain, int from, String delimiters) {
    for (int i = from; i < pattern.length(); i++) {
      if (plain[i] && delimiters.indexOf(pattern.charAt(i)) >= 0) {
        return i;
      }
    }
    return pattern.length();
  }

  private static String orEmpty(String pathname, Tail tail) {
    return pathname != null ? pathname : tail.search != null || tail.hash != null ? "" : ANY;
  }

  private static String orEmptyBefore(String search, String hash) {
    return search != null ? search : hash != null ? "" : ANY;
  }

  private static String orAny(String component) {
    return component == null ? ANY : component;
  }

  /** Fixed text as pattern text: every character that means something in a pattern escaped. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("\\:*?+(){}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Pathname, search and hash from {@code from} on; null for those not given. */
  private record Tail(String pathname, String search, String hash) {

    static Tail of(String pattern, boolean[] plain, int from) {
      int question = indexOfPlain(pattern, plain, from, "?#");
      int hashMark = indexOfPlain(pattern, plain, question, "#");
      String pathname = question > from ? pattern.substring(from, question) : null;
      String search = question < pattern.length() && pattern.charAt(question) == '?'
        ? pattern.substring(question + 1, hashMark) : null;
      String hash = hashMark < pattern.length() ? pattern.substring(hashMark + 1) : null;
      return new Tail(pathname, search, hash);
    }
  }

  /** {@code user:password@host:port}, with username and password wildcards when not given. */
  private record Authority(String username, String password, String hostname, String port) {

    static Authority of(String pattern, boolean[] plain, int from, int to) {
      int at = -1;
      for (int i = from; i < to; i++) {
        if (plain[i] && pattern.charAt(i) == '@') {
          at = i;
        }
      }
      String username = ANY;
      String password = ANY;
      if (at >= 0) {
        int colon = indexOfPlain(pattern.substring(0, at), plain, from, ":");
        username = pattern.substring(from, Math.min(colon, at));
        password = colon < at ? pattern.substring(colon + 1, at) : ANY;
      }
      int hostStart = at + 1 > from ? at + 1 : from;
      int portColon = -1;
      int brackets = 0;
      for (int i = hostStart; i < to; i++) {
        char c = pattern.charAt(i);
        brackets += plain[i] && c == '[' ? 1 : plain[i] && c == ']' ? -1 : 0;
        if (plain[i] && c == ':' && brackets == 0) {
          portColon = i;
        }
      }
      String hostname = pattern.substring(hostStart, portColon < 0 ? to : portColon);
      String port = portColon < 0 ? "" : pattern.substring(portColon + 1, to);
      return new Authority(username, password, hostname, port);
    }
  }
}
