package io.ssehub.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The config JSON with the environment laid over it: every key of {@link ConfigKeys} can be set by its
 * {@link ConfigKey#environmentName()}, which wins over the file, which wins over the default. The value is read
 * as the key's type: a whole number within the key's bounds, {@code true} or {@code false}, one of the allowed
 * values, a comma-separated list of strings, or a JSON array for a list of objects. {@code HUB_HTTP_PORT} is the
 * older spelling of {@code SSEHUB_GATEWAY_PORT}.
 *
 * <p>A {@code SSEHUB_*} variable that names no key fails, as an unknown key in the file does, unless a
 * {@code ...Env} key of the config names it as the place of a secret ({@code auth.secretEnv}).
 */
public final class EnvOverlay {

  /** Older variable names, each with the key it sets. */
  static final Map<String, String> OLDER_SPELLINGS = Map.of("HUB_HTTP_PORT", "gateway.port");

  private static final String ENV_SUFFIX = "Env";

  /**
   * The config after the overlay.
   *
   * @param config the file's JSON with the environment's values in place
   * @param variables the variable that set each key, by dotted key
   */
  public record Result(JsonObject config, Map<String, String> variables) {
  }

  private EnvOverlay() {
  }

  public static Result apply(JsonObject file, Map<String, String> environment) {
    Map<String, ConfigKey> byVariable = new TreeMap<>();
    ConfigKeys.all().values().stream()
      .filter(key -> key.environmentName() != null)
      .forEach(key -> byVariable.put(key.environmentName(), key));
    JsonObject config = file == null ? new JsonObject() : file.copy();
    Map<String, String> variables = new LinkedHashMap<>();
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      ConfigKey key = byVariable.get(variable.getKey());
      if (key != null) {
        set(config, key, variable.getKey(), variable.getValue());
        variables.put(key.name(), variable.getKey());
      } else if (ConfigKey.isHubVariable(variable.getKey())) {
        unknown.add(variable.getKey());
      }
    }
    olderSpellings(config, environment, variables);
    unknown.removeAll(secretVariables(config));
    if (!unknown.isEmpty()) {
      throw new ConfigException("environment variable " + String.join(", ", unknown) + " sets no config key; "
        + "the names are SSEHUB_ and the dotted key in upper snake case, such as SSEHUB_GATEWAY_PORT"
        + nearest(unknown.iterator().next(), byVariable.keySet()));
    }
    return new Result(config, Map.copyOf(variables));
  }

  private static void olderSpellings(JsonObject config, Map<String, String> environment, Map<String, String> variables) {
    OLDER_SPELLINGS.forEach((older, name) -> {
      String value = environment.get(older);
      if (value == null) {
        return;
      }
      ConfigKey key = ConfigKeys.all().get(name);
      String newer = key.environmentName();
      if (environment.containsKey(newer) && !environment.get(newer).equals(value)) {
        throw new ConfigException("environment variables " + older + " and " + newer + " set " + name
          + " to different values (\"" + value + "\", \"" + environment.get(newer) + "\"); " + older
          + " is the older spelling, keep only " + newer);
      }
      set(config, key, older, value);
      variables.putIfAbsent(name, older);
    });
  }

  private static void set(JsonObject config, ConfigKey key, String variable, String text) {
    String[] parts = key.name().split("\\.");
    JsonObject section = config;
    for (String part : Arrays.asList(parts).subList(0, parts.length - 1)) {
      Object child = section.getValue(part);
      if (child == null) {
        child = new JsonObject();
        section.put(part, child);
      }
      if (!(child instanceof JsonObject)) {
        throw invalid(variable, key, "needs '" + part + "' to be a JSON object in the file", text);
      }
      section = (JsonObject) child;
    }
    section.put(parts[parts.length - 1], value(key, variable, text));
  }

  private static Object value(ConfigKey key, String variable, String text) {
    return switch (key.type()) {
      case INTEGER -> number(key, variable, text);
      case BOOLEAN -> bool(key, variable, text);
      case STRING -> text;
      case ONE_OF -> oneOf(key, variable, text);
      case STRINGS -> strings(text);
      case OBJECTS -> objects(key, variable, text);
    };
  }

  private static long number(ConfigKey key, String variable, String text) {
    String[] bounds = key.bounds().split(" to ");
    long min = Long.parseLong(bounds[0]);
    long max = Long.parseLong(bounds[1]);
    try {
      long number = Long.parseLong(text.trim());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // refused below, with the bounds
    }
    throw invalid(variable, key, "must be a whole number from " + min + " to " + max, text);
  }

  private static boolean bool(ConfigKey key, String variable, String text) {
    String value = text.trim();
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw invalid(variable, key, "must be true or false", text);
  }

  private static String oneOf(ConfigKey key, String variable, String text) {
    String value = text.trim();
    if (List.of(key.bounds().split(", ")).contains(value)) {
      return value;
    }
    throw invalid(variable, key, "must be one of " + key.bounds(), text);
  }

  private static JsonArray strings(String text) {
    JsonArray items = new JsonArray();
    Arrays.stream(text.split(","))
      .map(String::trim)
      .filter(item -> !item.isEmpty())
      .forEach(items::add);
    return items;
  }

  private static JsonArray objects(ConfigKey key, String variable, String text) {
    try {
      return new JsonArray(text);
    } catch (DecodeException e) {
      throw invalid(variable, key, "must be a JSON array of objects", text);
    }
  }

  private static ConfigException invalid(String variable, ConfigKey key, String problem, String text) {
    return new ConfigException("environment variable " + variable + " (key '" + key.name() + "') " + problem
      + ", found \"" + text + "\"");
  }

  /** The values of every {@code ...Env} key: variables that hold a secret, not a key. */
  private static Set<String> secretVariables(JsonObject json) {
    Set<String> named = new TreeSet<>();
    json.forEach(entry -> {
      if (entry.getValue() instanceof JsonObject section) {
        named.addAll(secretVariables(section));
      } else if (entry.getKey().endsWith(ENV_SUFFIX) && entry.getValue() instanceof String variable) {
        named.add(variable);
      }
    });
    return named;
  }

  /** The variables of the same section as {@code variable}, as a hint. */
  private static String nearest(String variable, Set<String> known) {
    String[] parts = variable.split("_");
    if (parts.length < 2) {
      return "";
    }
    String section = parts[0] + "_" + parts[1] + "_";
    List<String> same = known.stream().filter(name -> name.startsWith(section)).toList();
    return same.isEmpty() ? "" : "; the " + section + "* variables are " + String.join(", ", same);
  }
}
