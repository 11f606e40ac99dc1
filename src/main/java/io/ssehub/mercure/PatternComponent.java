package io.ssehub.mercure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One component of a URL Pattern (the pathname {@code /books/:id}, the hostname {@code *.example.com}, ...), compiled
 * to a small program that {@link #matches} runs as a Thompson NFA: time is at most the program's length times the
 * input's length, whatever the pattern, so no pattern can backtrack catastrophically.
 *
 * <p>The syntax is the URL Pattern standard's pattern string without regular-expression groups: fixed text (with
 * {@code \} escaping a character), named groups {@code :name} (one segment: no {@code /} in a pathname, no
 * {@code .} in a hostname, anything non-empty elsewhere), the wildcard {@code *} (anything, empty too), groups
 * {@code {...}}, and the modifiers {@code ?}, {@code +} and {@code *} after a group. In a pathname a {@code /} just
 * before a named group or a wildcard belongs to it, so {@code /books/:id?} matches {@code /books} too. A
 * regular-expression group such as {@code (\d+)} is refused: a linear-time engine has no place for them.
 */
final class PatternComponent {

  /** Matches every value: the component a pattern leaves out. */
  static final PatternComponent ANY = new PatternComponent(List.of(new Op(Op.ANY_LOOP, 0, 0), new Op(Op.MATCH, 0, 0)));

  private final Op[] ops;

  private PatternComponent(List<Op> program) {
    this.ops = program.toArray(new Op[0]);
  }

  /**
   * The component's pattern compiled; {@code delimiter} is the character a named group stops at ({@code /} for a
   * pathname, {@code .} for a hostname, 0 for none). An invalid pattern is an IllegalArgumentException with a
   * sentence naming {@code what}. {@code canonical} turns the pattern's fixed text into the form URLs have
   * after parsing (lowercase for a hostname, percent-encoded for a pathname).
   */
  static PatternComponent compile(String pattern, char delimiter, String what, UnaryOperator<String> canonical) {
    List<Op> program = new ArrayList<>();
    new Parser(pattern, delimiter, what, canonical, program).parse();
    program.add(new Op(Op.MATCH, 0, 0));
    return new PatternComponent(program);
  }

  /** Whether the whole value matches: one pass over it, each step visiting each state at most once. */
  boolean matches(String value) {
    int[] mark = new int[ops.length];
    int[] current = new int[ops.length];
    int[] next = new int[ops.length];
    int generation = 1;
    int size = add(ops, current, 0, 0, mark, generation);
    for (int i = 0; i < value.length() && size > 0; i++) {
      char c = value.charAt(i);
      generation++;
      int nextSize = 0;
      for (int k = 0; k < size; k++) {
        int pc = current[k];
        if (ops[pc].consumes(c)) {
          nextSize = add(ops, next, nextSize, ops[pc].kind == Op.ANY_LOOP ? pc : pc + 1, mark, generation);
        }
      }
      int[] swap = current;
      current = next;
      next = swap;
      size = nextSize;
    }
    for (int k = 0; k < size; k++) {
      if (ops[current[k]].kind == Op.MATCH) {
        return true;
      }
    }
    return false;
  }

  /** Adds the state {@code pc} and every state reachable from it without reading a character; the new size. */
  private static int add(Op[] ops, int[] states, int size, int pc, int[] mark, int generation) {
    if (mark[pc] == generation) {
      return size;
    }
    mark[pc] = generation;
    Op op = ops[pc];
    return switch (op.kind) {
      case Op.JUMP -> add(ops, states, size, op.a, mark, generation);
      case Op.SPLIT -> add(ops, states, add(ops, states, size, op.a, mark, generation), op.b, mark, generation);
      case Op.ANY_LOOP -> {
        states[size] = pc;
        yield add(ops, states, size + 1, pc + 1, mark, generation);
      }
      default -> {
        states[size] = pc;
        yield size + 1;
      }
    };
  }

  /** One instruction: a character, a segment character (any but {@code a}), any character forever, a jump, a split. */
  record Op(int kind, int a, int b) {

    static final int CHAR = 0;
    static final int SEGMENT = 1;
    static final int ANY_LOOP = 2;
    static final int JUMP = 3;
    static final int SPLIT = 4;
    static final int MATCH = 5;

    boolean consumes(char c) {
      return kind == CHAR ? c == a : kind == SEGMENT ? c != a || a == 0 : kind == ANY_LOOP;
    }
  }

  /** A recursive-descent parser that writes the program as it reads. */
  private static final class Parser {

    private final String pattern;
    private final char delimiter;
    private final String what;
    private final UnaryOperator<String> canonical;
    private final List<Op> out;
    private final Set<String> names = new HashSet<>();
    private int at;

    Parser(String pattern, char delimiter, String what, UnaryOperator<String> canonical, List<Op> out) {
      this.pattern = pattern;
      this.delimiter = delimiter;
      this.what = what;
      this.canonical = canonical;
      this.out = out;
    }

    void parse() {
      while (at < pattern.length()) {
        char c = pattern.charAt(at);
        if (c == '{') {
          group();
        } else if (c == '/' && delimiter == '/' && at + 1 < pattern.length() && startsPart(at + 1)) {
          at++;
          unit("/", "");
        } else if (startsPart(at)) {
          unit("", "");
        } else {
          literal(out, nextFixed());
        }
      }
    }

    /** {@code {prefix :name suffix}} or {@code {fixed}}, then an optional modifier. */
    private void group() {
      int open = at++;
      String prefix = fixedUntilPart();
      boolean hasPart = at < pattern.length() && startsPart(at);
      List<Op> body = new ArrayList<>();
      literal(body, prefix);
      if (hasPart) {
        part(body);
        literal(body, fixedUntilPart());
      }
      if (at >= pattern.length() || pattern.charAt(at) != '}') {
        throw refused("the group opened at position " + (open + 1) + " is not closed with '}' (or holds two groups)");
      }
      at++;
      emit(body, modifier());
    }

    /** A named group or wildcard with the fixed text around it, then an optional modifier. */
    private void unit(String prefix, String suffix) {
      List<Op> body = new ArrayList<>();
      literal(body, prefix);
      part(body);
      literal(body, suffix);
      emit(body, modifier());
    }

    private void part(List<Op> body) {
      char c = pattern.charAt(at);
      if (c == '(') {
        throw refused("regular-expression groups such as (\\d+) are not supported; use :name or *");
      }
      at++;
      if (c == '*') {
        body.add(new Op(Op.ANY_LOOP, 0, 0));
        return;
      }
      int start = at;
      while (at < pattern.length() && Character.isJavaIdentifierPart(pattern.charAt(at))) {
        at++;
      }
      if (!names.add(pattern.substring(start, at))) {
        throw refused("the group name :" + pattern.substring(start, at) + " appears twice");
      }
      body.add(new Op(Op.SEGMENT, delimiter, 0));
      body.add(new Op(Op.SPLIT, -1, 1));
    }

    /** Copies {@code body} into the program under the modifier, relocating its relative jumps. */
    private void emit(List<Op> body, char modifier) {
      int start = out.size() + (modifier == '?' || modifier == '*' ? 1 : 0);
      if (modifier == '?' || modifier == '*') {
        out.add(new Op(Op.SPLIT, start, start + body.size() + (modifier == '*' ? 1 : 0)));
      }
      for (int i = 0; i < body.size(); i++) {
        Op op = body.get(i);
        out.add(op.kind == Op.SPLIT ? new Op(Op.SPLIT, start + i + op.a, start + i + op.b) : op);
      }
      if (modifier == '*') {
        out.add(new Op(Op.JUMP, start - 1, 0));
      } else if (modifier == '+') {
        out.add(new Op(Op.SPLIT, start, out.size() + 1));
      }
    }

    private char modifier() {
      if (at < pattern.length() && "?+*".indexOf(pattern.charAt(at)) >= 0) {
        return pattern.charAt(at++);
      }
      return 0;
    }

    private String fixedUntilPart() {
      StringBuilder text = new StringBuilder();
      while (at < pattern.length() && pattern.charAt(at) != '}' && !startsPart(at)) {
        if (pattern.charAt(at) == '{') {
          throw refused("groups cannot nest ('{' at position " + (at + 1) + ")");
        }
        text.append(nextFixed());
      }
      return text.toString();
    }

    /** One fixed character, unescaped; a modifier or brace out of place is refused. */
    private String nextFixed() {
      char c = pattern.charAt(at++);
      if (c == '\\') {
        if (at >= pattern.length()) {
          throw refused("it ends with a lone '\\'");
        }
        return String.valueOf(pattern.charAt(at++));
      }
      if (c == '?' || c == '+' || c == '}') {
        throw refused("'" + c + "' at position " + at + " follows no group; write \\" + c + " for the character");
      }
      return String.valueOf(c);
    }

    /** Whether a named group, a wildcard or a regular-expression group starts at {@code index}. */
    private boolean startsPart(int index) {
      char c = pattern.charAt(index);
      return c == '*' || c == '(' || c == ':' && index + 1 < pattern.length()
        && Character.isJavaIdentifierStart(pattern.charAt(index + 1));
    }

    private void literal(List<Op> body, String text) {
      String fixed = canonical.apply(text);
      for (int i = 0; i < fixed.length(); i++) {
        body.add(new Op(Op.CHAR, fixed.charAt(i), 0));
      }
    }

    private IllegalArgumentException refused(String problem) {
      return new IllegalArgumentException("The URL pattern's " + what + " \"" + pattern + "\" is not valid: "
        + problem + ".");
    }
  }
}
