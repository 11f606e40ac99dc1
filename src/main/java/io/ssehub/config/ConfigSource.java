package io.ssehub.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the {@code -conf} argument the way the launcher will (a file path, or inline JSON), but fails
 * with a message naming the file and the key, where the launcher would only warn and go on.
 */
public final class ConfigSource {

  private ConfigSource() {
  }

  public static HubConfig check(String confArgument) {
    String text = confArgument.trim();
    String origin = text.startsWith("{") ? "the inline -conf JSON" : text;
    JsonObject json = text.startsWith("{") ? parse(text, origin) : parse(readFile(text), origin);
    try {
      return HubConfig.from(json);
    } catch (ConfigException e) {
      throw new ConfigException(origin + ": " + e.getMessage());
    }
  }

  private static String readFile(String file) {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(file + ": no such config file (working directory "
        + Path.of("").toAbsolutePath() + ")");
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage());
    }
  }

  private static JsonObject parse(String text, String origin) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(origin + ": is not a valid JSON object: " + e.getMessage());
    }
  }
}
