package io.ssehub.bus;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** UUIDs as the seed's clients write them: 8-4-4-4-12 hex digits; kept in lowercase, as the seed prints them. */
public final class Uuids {

  public static final String EXAMPLE = "046fe7f4-c0e6-4d51-81ab-572deddc8142";
  private static final Pattern UUID = Pattern.compile(
    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Uuids() {
  }

  /** The lowercase form of {@code text} when it is a UUID. */
  public static Optional<String> normalize(Object text) {
    if (text instanceof String value && UUID.matcher(value).matches()) {
      return Optional.of(value.toLowerCase(Locale.ROOT));
    }
    return Optional.empty();
  }

  /** A user as owners and token subjects are compared: a UUID in lowercase, any other name as it is. */
  public static String canonical(String user) {
    return normalize(user).orElse(user);
  }
}
