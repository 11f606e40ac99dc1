package io.ssehub.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The in-JVM transforms a processor can apply. {@code upper} and {@code reverse} are seed 000's: each
 * answers its input, a space, and the transformed input ({@code X + " " + X.upper()}).
 */
public enum Transform {
  /** Seed 000's upper: {@code "ab" -> "ab AB"}. */
  UPPER("upper", m -> m + " " + m.toUpperCase(Locale.ROOT)),
  /** Seed 000's reverse: {@code "ab" -> "ab ba"}, reversing by code point. */
  REVERSE("reverse", m -> m + " " + new StringBuilder(m).reverse()),
  /** The seed's pattern with lower case: {@code "Ab" -> "Ab ab"}. */
  LOWER("lower", m -> m + " " + m.toLowerCase(Locale.ROOT)),
  /** Upper case only, without repeating the input: {@code "ab" -> "AB"}. */
  SHOUT("shout", m -> m.toUpperCase(Locale.ROOT)),
  /** The input unchanged: a stage that only forwards. */
  ECHO("echo", m -> m);

  private final String configName;
  private final UnaryOperator<String> function;

  Transform(String configName, UnaryOperator<String> function) {
    this.configName = configName;
    this.function = function;
  }

  public String apply(String message) {
    return function.apply(message);
  }

  public String configName() {
    return configName;
  }

  public static Optional<Transform> named(String name) {
    return Arrays.stream(values())
      .filter(transform -> transform.configName.equals(name))
      .findFirst();
  }

  public static Set<String> names() {
    return Arrays.stream(values()).map(Transform::configName).collect(Collectors.toCollection(TreeSet::new));
  }
}
