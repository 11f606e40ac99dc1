package io.ssehub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one section of the config JSON with typed getters. Every getter names the full dotted key in
 * its error, and {@link #rejectUnknownKeys()} catches typos such as {@code "gatway"}. Every getter also
 * enters its key, type, default and bounds in {@link #keys()}, shared by the sections of one root: the list of
 * the keys the config records accept ({@link ConfigKeys}).
 */
public final class ConfigReader {

  private final JsonObject json;
  private final String path;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<ConfigReader> children = new ArrayList<>();
  private final Map<String, ConfigKey> keys;

  private ConfigReader(JsonObject json, String path, Map<String, ConfigKey> keys) {
    this.json = json;
    this.path = path;
    this.keys = keys;
  }

  public static ConfigReader root(JsonObject json) {
    return new ConfigReader(json == null ? new JsonObject() : json, "", new LinkedHashMap<>());
  }

  /** The keys asked for so far, here and in every section, by dotted name ({@code switchboard.pipeline[].name}). */
  public Map<String, ConfigKey> keys() {
    return Map.copyOf(keys);
  }

  public ConfigReader section(String key) {
    Object value = raw(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException("key '" + name(key) + "' must be a JSON object, found " + describe(value));
    }
    ConfigReader child = new ConfigReader(value == null ? new JsonObject() : (JsonObject) value, name(key), keys);
    children.add(child);
    return child;
  }

  /** An array of objects, each read (and checked for unknown keys) like a section; absent is empty. */
  public List<ConfigReader> sections(String key) {
    List<ConfigReader> result = new ArrayList<>();
    JsonArray items = array(key);
    enter(key, ConfigKey.Type.OBJECTS, null, "");
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject item)) {
        throw new ConfigException("key '" + name(key) + "' must hold only JSON objects, found " + describe(items.getValue(i)));
      }
      ConfigReader child = new ConfigReader(item, name(key) + "[" + i + "]", keys);
      children.add(child);
      result.add(child);
    }
    return result;
  }

  public boolean has(String key) {
    known.add(key);
    return json.containsKey(key) && json.getValue(key) != null;
  }

  public int integer(String key, int fallback, int min, int max) {
    enter(key, ConfigKey.Type.INTEGER, String.valueOf(fallback), min + " to " + max);
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number) || ((Number) value).doubleValue() != ((Number) value).longValue()) {
      throw new ConfigException("key '" + name(key) + "' must be a whole number from " + min + " to " + max
        + ", found " + describe(value));
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw new ConfigException("key '" + name(key) + "' must be from " + min + " to " + max + ", found " + number);
    }
    return (int) number;
  }

  public boolean bool(String key, boolean fallback) {
    enter(key, ConfigKey.Type.BOOLEAN, String.valueOf(fallback), "");
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean)) {
      throw new ConfigException("key '" + name(key) + "' must be true or false, found " + describe(value));
    }
    return (Boolean) value;
  }

  public String string(String key, String fallback) {
    keys.putIfAbsent(pattern(key), new ConfigKey(pattern(key), ConfigKey.Type.STRING, fallback, ""));
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw new ConfigException("key '" + name(key) + "' must be a non-empty string, found " + describe(value));
    }
    return (String) value;
  }

  public List<String> strings(String key, List<String> fallback) {
    enter(key, ConfigKey.Type.STRINGS, fallback == null ? null : String.join(",", fallback), "");
    Object value = raw(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonArray)) {
      throw new ConfigException("key '" + name(key) + "' must be an array of strings, found " + describe(value));
    }
    List<String> result = new ArrayList<>();
    for (Object item : (JsonArray) value) {
      if (!(item instanceof String) || ((String) item).isBlank()) {
        throw new ConfigException("key '" + name(key) + "' must hold only non-empty strings, found " + describe(item));
      }
      result.add((String) item);
    }
    return List.copyOf(result);
  }

  public JsonArray array(String key) {
    Object value = raw(key);
    if (value != null && !(value instanceof JsonArray)) {
      throw new ConfigException("key '" + name(key) + "' must be a JSON array, found " + describe(value));
    }
    return value == null ? new JsonArray() : (JsonArray) value;
  }

  /** A value that must be one of a fixed set, such as a role name. */
  public String oneOf(String key, String fallback, Set<String> allowed) {
    enter(key, ConfigKey.Type.ONE_OF, fallback, String.join(", ", allowed.stream().sorted().toList()));
    String value = string(key, fallback);
    if (value != null && !allowed.contains(value)) {
      throw new ConfigException("key '" + name(key) + "' must be one of " + allowed + ", found \"" + value + "\"");
    }
    return value;
  }

  public ConfigException invalid(String key, String problem) {
    return new ConfigException("key '" + name(key) + "' " + problem);
  }

  /** Marks every key of this section as read: for a section that is switched off but kept in the file. */
  public void acceptAllKeys() {
    known.addAll(json.fieldNames());
  }

  /** Fails on the first key in this section or below that no getter asked for. */
  public void rejectUnknownKeys() {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new ConfigException("unknown key '" + name(key) + "'; the keys read here are " + known);
      }
    }
    children.forEach(ConfigReader::rejectUnknownKeys);
  }

  private void enter(String key, ConfigKey.Type type, String fallback, String bounds) {
    keys.put(pattern(key), new ConfigKey(pattern(key), type, fallback, bounds));
  }

  /** The dotted name with any list index written {@code []}: one key for every item of a list of objects. */
  private String pattern(String key) {
    return name(key).replaceAll("\\[\\d+]", "[]");
  }

  private Object raw(String key) {
    known.add(key);
    return json.getValue(key);
  }

  private String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String describe(Object value) {
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    return value instanceof JsonObject ? "an object" : value instanceof JsonArray ? "an array" : String.valueOf(value);
  }
}
