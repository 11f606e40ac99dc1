package io.ssehub.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the {@code -conf} argument (a file path, or inline JSON) and lays the environment over it
 * ({@link EnvOverlay}), failing with a message naming the file, the key and the variable, where the launcher
 * would only warn and go on. A relative path that is not a file of the working directory is looked up among the
 * configs shipped in the jar ({@code conf/gateway.json}).
 */
public final class ConfigSource {

  private ConfigSource() {
  }

  /**
   * The config a node runs with.
   *
   * @param json the JSON the verticles are given: the file's, with the environment's values in place
   * @param config {@code json} read into its records
   * @param origin where the file came from, for the log: a path, the jar's copy, inline JSON or none
   * @param variables the environment variable that set each key, by dotted key
   */
  public record Loaded(JsonObject json, HubConfig config, String origin, Map<String, String> variables) {
  }

  /** The config of {@code confArgument} alone, without the environment. */
  public static HubConfig check(String confArgument) {
    return load(confArgument, Map.of()).config();
  }

  /** The config of {@code confArgument} (null: no {@code -conf}) with {@code environment} over it. */
  public static Loaded load(String confArgument, Map<String, String> environment) {
    String text = confArgument == null ? "{}" : confArgument.trim();
    boolean inline = text.startsWith("{");
    String name = confArgument == null ? "the defaults" : inline ? "the inline -conf JSON" : text;
    String origin = inline || confArgument == null ? name : null;
    String content = text;
    if (!inline) {
      Path file = Path.of(text);
      boolean local = Files.isRegularFile(file);
      content = local ? readFile(file) : readShipped(text);
      origin = local ? file.toAbsolutePath().toString() : text + " in the jar";
    }
    JsonObject file = parse(content, name);
    EnvOverlay.Result overlay;
    try {
      overlay = EnvOverlay.apply(file, environment);
    } catch (ConfigException e) {
      throw new ConfigException(name + ": " + e.getMessage());
    }
    try {
      return new Loaded(overlay.config(), HubConfig.from(overlay.config()), origin, overlay.variables());
    } catch (ConfigException e) {
      throw new ConfigException(name + ": " + e.getMessage() + setBy(e.getMessage(), overlay.variables()));
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage());
    }
  }

  /** The config shipped in the jar under the same relative path, such as {@code conf/gateway.json}. */
  private static String readShipped(String file) {
    Path path = Path.of(file).normalize();
    String resource = path.isAbsolute() ? null : path.toString().replace('\\', '/');
    try (InputStream in = resource == null ? null : ConfigSource.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException(file + ": no such config file (working directory "
          + Path.of("").toAbsolutePath() + ", nor among the configs in the jar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read from the jar: " + e.getMessage());
    }
  }

  private static JsonObject parse(String text, String name) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException(name + where(e) + ": is not valid JSON: " + reason(e));
    } catch (ClassCastException e) {
      throw new ConfigException(name + ": is not a JSON object");
    }
  }

  /** {@code " line L column C"} when the parser said where it stopped, else nothing. */
  private static String where(DecodeException e) {
    JsonProcessingException cause = jacksonCause(e);
    JsonLocation location = cause == null ? null : cause.getLocation();
    return location == null || location.getLineNr() < 1
      ? ""
      : " line " + location.getLineNr() + " column " + location.getColumnNr();
  }

  private static String reason(DecodeException e) {
    JsonProcessingException cause = jacksonCause(e);
    String message = cause == null ? e.getMessage() : cause.getOriginalMessage();
    return message.lines().findFirst().orElse(message);
  }

  private static JsonProcessingException jacksonCause(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException jackson) {
        return jackson;
      }
    }
    return null;
  }

  /** Which environment variable set the key that {@code message} names, if one did. */
  private static String setBy(String message, Map<String, String> variables) {
    return variables.entrySet().stream()
      .filter(entry -> message.contains("'" + entry.getKey() + "'"))
      .map(entry -> " (set by the environment variable " + entry.getValue() + ")")
      .findFirst()
      .orElse("");
  }
}
