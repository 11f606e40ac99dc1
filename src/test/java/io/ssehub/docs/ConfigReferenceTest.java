package io.ssehub.docs;

import io.ssehub.config.ConfigKey;
import io.ssehub.config.ConfigKeys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md against the keys the config records read ({@link ConfigKeys}): one row per key, none for
 * a key that does not exist, and in every row the key's type, default, bounds and environment variable as the
 * reader has them. A default or a bound that another key or the machine sets is written as prose; its row must
 * name what sets it.
 */
@DisplayName("docs/configuration.md lists every config key with its type, default, bounds and variable")
class ConfigReferenceTest {

  private static final Path PAGE = Path.of("docs", "configuration.md");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|(.*)\\|$");

  private static final Map<String, String> DERIVED_DEFAULTS = Map.of(
    "nodeName", "`<hostname>:<gateway.port>`",
    "deploy", "every role",
    "gateway.instances", "number of cores",
    "switchboard.pipeline", "the demo's two stages",
    "switchboard.pipeline[].timeoutMillis", "`switchboard.windowMillis`",
    "switchboard.pipeline[].deliver", "`body` for a stage with a `url`",
    "kafka.topics[].kafkaTopic", "its `hubTopic`");
  private static final Map<String, String> DERIVED_BOUNDS = Map.of(
    "kafka.retryMaxMillis", "`kafka.retryMinMillis` to 600000");

  @Test
  @DisplayName("Every key the records read has a row, and every row is a key they read")
  void everyKeyAndNoOther() throws IOException {
    Map<String, List<String>> rows = rows();
    assertThat(new TreeSet<>(rows.keySet())).as("rows of docs/configuration.md")
      .isEqualTo(new TreeSet<>(ConfigKeys.all().keySet()));
  }

  @Test
  @DisplayName("Each row gives the key's type, default, bounds and environment variable as its reader has them")
  void everyRowIsRight() throws IOException {
    Map<String, List<String>> rows = rows();
    List<String> wrong = new ArrayList<>();
    for (ConfigKey key : ConfigKeys.all().values()) {
      List<String> cells = rows.get(key.name());
      if (cells == null) {
        continue;
      }
      check(wrong, key, "type", cells.get(0), key.type().label());
      check(wrong, key, "default", cells.get(1), DERIVED_DEFAULTS.getOrDefault(key.name(), fallback(key)));
      check(wrong, key, "bounds", cells.get(2), DERIVED_BOUNDS.getOrDefault(key.name(), bounds(key)));
      check(wrong, key, "environment", cells.get(3),
        key.environmentName() == null ? "none" : "`" + key.environmentName() + "`");
    }
    assertThat(wrong).isEmpty();
  }

  private static void check(List<String> wrong, ConfigKey key, String column, String found, String expected) {
    if (!found.equals(expected)) {
      wrong.add(key.name() + ": " + column + " is \"" + found + "\", the reader has \"" + expected + "\"");
    }
  }

  private static String fallback(ConfigKey key) {
    if (key.fallback() == null) {
      return "none";
    }
    return key.fallback().isEmpty() && key.type() == ConfigKey.Type.STRINGS ? "empty" : "`" + key.fallback() + "`";
  }

  private static String bounds(ConfigKey key) {
    if (key.type() != ConfigKey.Type.ONE_OF) {
      return key.bounds();
    }
    return String.join(", ", List.of(key.bounds().split(", ")).stream().map(value -> "`" + value + "`").toList());
  }

  /** The cells after the key of each row (type, default, bounds, environment, meaning), by key. */
  private static Map<String, List<String>> rows() throws IOException {
    String page = Files.readString(PAGE);
    Map<String, List<String>> rows = new LinkedHashMap<>();
    Matcher matcher = ROW.matcher(page.substring(page.indexOf("\n## The keys")));
    while (matcher.find()) {
      List<String> cells = List.of(matcher.group(2).split("\\|", -1)).stream().map(String::trim).toList();
      assertThat(rows.put(matcher.group(1), cells)).as("one row for " + matcher.group(1)).isNull();
      assertThat(cells).as("the cells of " + matcher.group(1)).hasSize(5);
    }
    return rows;
  }
}
