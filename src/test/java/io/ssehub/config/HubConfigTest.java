package io.ssehub.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Config: read once, defaults for the all-in-one node, clear errors naming file and key")
class HubConfigTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("An empty config is the all-in-one node on port 3000 with every role")
  void emptyConfigIsAllInOne() {
    HubConfig config = HubConfig.from(new JsonObject());
    assertThat(config.gateway().port()).isEqualTo(3000);
    assertThat(config.deploy()).containsExactlyInAnyOrder(Role.values());
    assertThat(config.history().maxEvents()).isEqualTo(1000);
  }

  @Test
  @DisplayName("The shipped conf/all-in-one.json is valid and matches the defaults")
  void shippedConfigIsValid() {
    HubConfig shipped = ConfigSource.check("conf/all-in-one.json");
    HubConfig defaults = HubConfig.from(new JsonObject());
    assertThat(shipped.gateway().port()).isEqualTo(defaults.gateway().port());
    assertThat(shipped.history()).isEqualTo(defaults.history());
    assertThat(shipped.seeds()).isEqualTo(defaults.seeds());
  }

  @Test
  @DisplayName("A bad value is refused with the file, the key and what would be accepted")
  void badValueNamesFileAndKey() throws IOException {
    Path file = write("bad-port.json", "{\"gateway\": {\"port\": \"abc\"}}");
    assertThatThrownBy(() -> ConfigSource.check(file.toString()))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining(file.toString())
      .hasMessageContaining("'gateway.port'")
      .hasMessageContaining("from 1 to 65535");
  }

  @Test
  @DisplayName("Out of range numbers, unknown keys and unknown roles are refused by name")
  void otherBadValues() throws IOException {
    assertThatThrownBy(() -> ConfigSource.check(write("a.json", "{\"history\": {\"maxEvents\": 0}}").toString()))
      .hasMessageContaining("'history.maxEvents' must be from 1");
    assertThatThrownBy(() -> ConfigSource.check(write("b.json", "{\"gatway\": {}}").toString()))
      .hasMessageContaining("unknown key 'gatway'");
    assertThatThrownBy(() -> ConfigSource.check(write("c.json", "{\"gateway\": {\"prot\": 1}}").toString()))
      .hasMessageContaining("unknown key 'gateway.prot'");
    assertThatThrownBy(() -> ConfigSource.check(write("d.json", "{\"deploy\": [\"gateway\", \"nope\"]}").toString()))
      .hasMessageContaining("'deploy' names an unknown role \"nope\"");
  }

  @Test
  @DisplayName("A missing file and malformed JSON are refused with the file name")
  void missingOrMalformedFile() throws IOException {
    assertThatThrownBy(() -> ConfigSource.check("conf/does-not-exist.json"))
      .hasMessageContaining("conf/does-not-exist.json: no such config file");
    Path broken = write("broken.json", "{\"gateway\": ");
    assertThatThrownBy(() -> ConfigSource.check(broken.toString()))
      .hasMessageStartingWith(broken + " line 1 column 13: is not valid JSON: Unexpected end-of-input");
    Path comma = write("comma.json", "{\n  \"gateway\": {\"port\": 3000,}\n}");
    assertThatThrownBy(() -> ConfigSource.check(comma.toString()))
      .hasMessageStartingWith(comma + " line 2 column 28: is not valid JSON: Unexpected character ('}'");
  }

  @Test
  @DisplayName("The environment over a file: a value the records refuse names the variable that set it")
  void environmentOverFile() throws IOException {
    Path file = write("env.json", "{\"cors\": {\"allowedOrigins\": [\"*\"]}}");
    ConfigSource.Loaded loaded = ConfigSource.load(file.toString(), Map.of("SSEHUB_GATEWAY_PORT", "3007"));
    assertThat(loaded.config().gateway().port()).isEqualTo(3007);
    assertThat(loaded.origin()).isEqualTo(file.toAbsolutePath().toString());
    assertThatThrownBy(() -> ConfigSource.load(file.toString(), Map.of("SSEHUB_CORS_ALLOW_CREDENTIALS", "true")))
      .hasMessageStartingWith(file + ": key 'cors.allowCredentials' needs explicit origins")
      .hasMessageEndingWith("(set by the environment variable SSEHUB_CORS_ALLOW_CREDENTIALS)");
    assertThatThrownBy(() -> ConfigSource.load(null, Map.of("SSEHUB_GATEWAY_PORT", "0")))
      .hasMessage("the defaults: environment variable SSEHUB_GATEWAY_PORT (key 'gateway.port') must be a whole number "
        + "from 1 to 65535, found \"0\"");
  }

  @Test
  @DisplayName("Inline JSON is accepted as the launcher accepts it")
  void inlineJson() {
    assertThat(ConfigSource.check("{\"gateway\": {\"port\": 3100}}").gateway().port()).isEqualTo(3100);
  }

  @Test
  @DisplayName("SSE connections leave Nagle's algorithm on unless gateway.sseNoDelay is true")
  void sseNoDelay() {
    assertThat(HubConfig.from(new JsonObject()).gateway().sseNoDelay()).isFalse();
    assertThat(ConfigSource.check("{\"gateway\": {\"sseNoDelay\": true}}").gateway().sseNoDelay()).isTrue();
    assertThatThrownBy(() -> ConfigSource.check("{\"gateway\": {\"sseNoDelay\": \"yes\"}}"))
      .hasMessageContaining("sseNoDelay");
  }

  @Test
  @DisplayName("gateway.wire is \"direct\" unless set to \"public\"; any other value is refused with the choices")
  void wire() {
    assertThat(HubConfig.from(new JsonObject()).gateway().wire()).isEqualTo("direct");
    assertThat(ConfigSource.check("{\"gateway\": {\"wire\": \"public\"}}").gateway().wire()).isEqualTo("public");
    assertThatThrownBy(() -> ConfigSource.check("{\"gateway\": {\"wire\": \"fast\"}}"))
      .hasMessageContaining("gateway.wire")
      .hasMessageContaining("public");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
