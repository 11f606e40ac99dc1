package io.ssehub.mercure;

/** The characters Mercure refuses in matchers, ids and cursors: C0 and C1 controls, U+007F and Unicode format characters. */
final class Characters {

  private Characters() {
  }

  /** Why the value cannot be taken (naming the first bad character as U+XXXX and its place), or null when it can. */
  static String problem(String value) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        return String.format("holds the %s character U+%04X at position %d", Character.isISOControl(cp)
          ? "control" : "invisible format", cp, value.codePointCount(0, i) + 1);
      }
      i += Character.charCount(cp);
    }
    return null;
  }
}
