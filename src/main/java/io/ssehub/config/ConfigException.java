package io.ssehub.config;

/**
 * A config value that is missing, malformed or out of range. The message names the key and says
 * what would be accepted, so that a person can fix the file without reading the code.
 */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
