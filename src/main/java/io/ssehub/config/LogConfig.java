package io.ssehub.config;

/**
 * What the node logs beyond its own events (the log format and level are environment variables, read by
 * logback.xml).
 *
 * @param access {@code log.access}: one line per HTTP request on the logger {@code io.ssehub.access}, written when
 *   the answer ends (for an SSE stream, when it closes); false by default
 */
public record LogConfig(boolean access) {

  static LogConfig from(ConfigReader reader) {
    return new LogConfig(reader.bool("access", false));
  }
}
