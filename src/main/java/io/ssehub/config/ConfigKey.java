package io.ssehub.config;

/**
 * One key of the config JSON as its reader asks for it.
 *
 * @param name the dotted name, {@code gateway.keepAliveSeconds}; an item of a list of objects is {@code []}
 *   ({@code switchboard.pipeline[].name})
 * @param type what the value must be
 * @param fallback the default as the reader has it, or null for none
 * @param bounds {@code min to max} for a number, the allowed values for {@link Type#ONE_OF}, else empty
 */
public record ConfigKey(String name, Type type, String fallback, String bounds) {

  /** The JSON types a key can take. */
  public enum Type {
    INTEGER("integer"),
    BOOLEAN("boolean"),
    STRING("string"),
    ONE_OF("one of"),
    STRINGS("list of strings"),
    OBJECTS("list of objects");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private static final String PREFIX = "SSEHUB_";

  /**
   * The environment variable that sets this key: {@code SSEHUB_}, then every part of the dotted name with
   * camelCase as upper snake case ({@code gateway.keepAliveSeconds} is {@code SSEHUB_GATEWAY_KEEP_ALIVE_SECONDS}).
   * Null for a key inside a list of objects, which the environment sets only as the whole list.
   */
  public String environmentName() {
    return name.contains("[]") ? null : environmentName(name);
  }

  static String environmentName(String dotted) {
    StringBuilder result = new StringBuilder(PREFIX);
    for (int i = 0; i < dotted.length(); i++) {
      char c = dotted.charAt(i);
      if (c == '.') {
        result.append('_');
      } else {
        boolean wordStart = Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(dotted.charAt(i - 1))
          && dotted.charAt(i - 1) != '.';
        result.append(wordStart ? "_" : "").append(Character.toUpperCase(c));
      }
    }
    return result.toString();
  }

  static boolean isHubVariable(String variable) {
    return variable.startsWith(PREFIX);
  }
}
