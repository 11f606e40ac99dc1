package io.ssehub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("MercureConfig: the mercure section, off by default, checked when on, its secret never shown")
class MercureConfigTest {

  private static final String SECRET = "a shared secret of thirty-two chars";
  private static final String HUB = "https://hub.example.com/.well-known/mercure";

  @TempDir
  Path dir;

  @Test
  @DisplayName("Without the section Mercure is off, with the spec's defaults")
  void defaults() {
    MercureConfig mercure = HubConfig.from(new JsonObject()).mercure();
    assertThat(mercure.enabled()).isFalse();
    assertThat(mercure.jwtAlgorithms()).containsExactly("HS256");
    assertThat(mercure.cookieName()).isEqualTo("__Secure-mercure_access_token");
    assertThat(mercure.anonymous()).isFalse();
    assertThat(mercure.maxMatchers()).isEqualTo(32);
  }

  @Test
  @DisplayName("Enabled with a key and the public URL, every key is read; the audience defaults to the public URL")
  void enabled() {
    MercureConfig mercure = read(on().put("issuer", "https://issuer.example.com").put("anonymous", true)
      .put("cookieName", "mercureAuthorization").put("maxMatchers", 5).put("jwtAlgorithms", new JsonArray().add("HS512")));
    assertThat(mercure.enabled()).isTrue();
    assertThat(mercure.expectedAudience()).isEqualTo(HUB);
    assertThat(mercure.issuer()).isEqualTo("https://issuer.example.com");
    assertThat(mercure.jwtAlgorithms()).containsExactly("HS512");
    assertThat(mercure.cookieName()).isEqualTo("mercureAuthorization");
    assertThat(mercure.maxMatchers()).isEqualTo(5);
    assertThat(read(on().put("audience", "urn:hub")).expectedAudience()).isEqualTo("urn:hub");
  }

  @Test
  @DisplayName("Enabled, it refuses a missing public URL, a short or missing key, an unknown algorithm or none")
  void refusals() {
    assertThatThrownBy(() -> read(on().put("publicUrl", "/.well-known/mercure")))
      .isInstanceOf(ConfigException.class).hasMessageContaining("'mercure.publicUrl'");
    assertThatThrownBy(() -> read(on().put("jwtKey", "short")))
      .isInstanceOf(ConfigException.class).hasMessageContaining("'mercure.jwtKey'").hasMessageContaining("5 characters")
      .hasMessageNotContaining("short");
    assertThatThrownBy(() -> read(new JsonObject().put("enabled", true).put("publicUrl", HUB)))
      .isInstanceOf(ConfigException.class).hasMessageContaining("'mercure.jwtKey'");
    for (String algorithm : List.of("none", "HS1024", "hs256")) {
      assertThatThrownBy(() -> read(on().put("jwtAlgorithms", new JsonArray().add(algorithm))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'mercure.jwtAlgorithms'");
    }
    assertThatThrownBy(() -> read(on().put("jwtAlgorithms", new JsonArray().add("RS256"))))
      .isInstanceOf(ConfigException.class).hasMessageContaining("'mercure.jwtPublicKeyFile'");
    assertThatThrownBy(() -> read(on().put("maxMatchers", 0)))
      .isInstanceOf(ConfigException.class).hasMessageContaining("'mercure.maxMatchers'");
    assertThatThrownBy(() -> read(on().put("jwtSecret", SECRET)))
      .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'mercure.jwtSecret'");
  }

  @Test
  @DisplayName("RS and ES algorithms take a readable public key file; disabled, nothing is required")
  void publicKeyFileAndOff() throws IOException {
    Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
    MercureConfig mercure = read(new JsonObject().put("enabled", true).put("publicUrl", HUB)
      .put("jwtPublicKeyFile", pem.toString()).put("jwtAlgorithms", new JsonArray().add("RS256").add("ES256")));
    assertThat(mercure.jwtPublicKeyFile()).isEqualTo(pem.toString());
    assertThat(read(new JsonObject().put("jwtKey", "short")).enabled()).isFalse();
  }

  @Test
  @DisplayName("The secret never shows in the record's text, nor in the whole config's")
  void secretIsRedacted() {
    HubConfig config = HubConfig.from(new JsonObject().put("mercure", on()));
    assertThat(config.mercure().jwtKey()).isEqualTo(SECRET);
    assertThat(config.mercure().toString()).doesNotContain(SECRET).contains("jwtKey=***");
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  private static JsonObject on() {
    return new JsonObject().put("enabled", true).put("publicUrl", HUB).put("jwtKey", SECRET);
  }

  @Test
  @DisplayName("conf/mercure.json is the core with the mercure role on, anonymous subscribers and a local public URL; "
    + "without mercure.enabled the role does not run")
  void shippedConf() {
    HubConfig shipped = ConfigSource.check("conf/mercure.json");
    assertThat(shipped.runs(Role.MERCURE)).isTrue();
    assertThat(shipped.roleNames()).isEqualTo("history, gateway, mercure");
    assertThat(shipped.mercure().anonymous()).isTrue();
    assertThat(shipped.mercure().publicUrl()).isEqualTo("http://localhost:3000/.well-known/mercure");
    assertThat(HubConfig.from(new JsonObject()).runs(Role.MERCURE)).as("the default node").isFalse();
  }

  private static MercureConfig read(JsonObject section) {
    return HubConfig.from(new JsonObject().put("mercure", section)).mercure();
  }
}
