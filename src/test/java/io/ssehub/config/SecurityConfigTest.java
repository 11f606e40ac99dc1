package io.ssehub.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Config: the auth, limits and cors sections")
class SecurityConfigTest {

  private static HubConfig read(String json) {
    return HubConfig.from(new JsonObject(json));
  }

  @Test
  @DisplayName("Without an auth section the node is open; the shipped all-in-one config says the defaults")
  void openByDefault() {
    HubConfig defaults = read("{}");
    assertThat(defaults.auth().enabled()).isFalse();
    HubConfig shipped = ConfigSource.check("conf/all-in-one.json");
    assertThat(shipped.auth().enabled()).isFalse();
    assertThat(shipped.limits()).isEqualTo(defaults.limits());
    assertThat(shipped.cors()).isEqualTo(defaults.cors());
  }

  @Test
  @DisplayName("An auth section switches auth on; 'enabled': false keeps it off with its keys in place")
  void authSection() {
    AuthConfig auth = read("{\"auth\": {\"secret\": \"0123456789abcdef0123456789abcdef\"}}").auth();
    assertThat(auth.enabled()).isTrue();
    assertThat(auth.algorithm()).isEqualTo("HS256");
    assertThat(auth.cookie()).isEqualTo("ssehub_token");
    assertThat(auth.queryToken()).isFalse();
    assertThat(auth.requireExp()).isFalse();
    assertThat(read("{\"auth\": {\"enabled\": false, \"secret\": \"short\"}}").auth().enabled()).isFalse();
  }

  @Test
  @DisplayName("Missing or weak keys stop start-up with the file and the key named")
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> read("{\"auth\": {}}"))
      .hasMessage("key 'auth.secret' is required when auth is on with HS256 (or name an environment variable in 'secretEnv')");
    assertThatThrownBy(() -> read("{\"auth\": {\"secret\": \"short\"}}"))
      .hasMessage("key 'auth.secret' must be at least 32 characters for HS256, found 5");
    assertThatThrownBy(() -> read("{\"auth\": {\"secret\": \"0123456789abcdef0123456789abcdef\", \"algorithm\": \"none\"}}"))
      .hasMessageStartingWith("key 'auth.algorithm' must be one of");
    assertThatThrownBy(() -> read("{\"auth\": {\"secret\": \"0123456789abcdef0123456789abcdef\", \"secrte\": 1}}"))
      .hasMessageStartingWith("unknown key 'auth.secrte'");
    assertThatThrownBy(() -> read("{\"limits\": {\"maxConnections\": 0}}"))
      .hasMessage("key 'limits.maxConnections' must be from 1 to 1000000, found 0");
    assertThatThrownBy(() -> read("{\"cors\": {\"allowCredentials\": true}}"))
      .hasMessageStartingWith("key 'cors.allowCredentials' needs explicit origins");
    assertThatThrownBy(() -> read("{\"cors\": {\"allowedOrigins\": [\"app.example.com/x\"]}}"))
      .hasMessageStartingWith("key 'cors.allowedOrigins' must hold origins like https://app.example.com");
  }

  @Test
  @DisplayName("conf/secure.json reads its secret from SSEHUB_JWT_SECRET and says so when it is not set")
  void secureExampleNamesTheVariable() {
    if (System.getenv("SSEHUB_JWT_SECRET") == null) {
      assertThatThrownBy(() -> ConfigSource.check("conf/secure.json"))
        .hasMessage("conf/secure.json: key 'auth.secretEnv' names the environment variable SSEHUB_JWT_SECRET, "
          + "which is not set");
    } else {
      assertThat(ConfigSource.check("conf/secure.json").auth().enabled()).isTrue();
    }
  }

  @Test
  @DisplayName("conf/secure.json requires an exp on every token")
  void secureExampleRequiresExp() throws IOException {
    JsonObject secure = new JsonObject(Files.readString(Path.of("conf/secure.json")));
    secure.getJsonObject("auth").remove("secretEnv");
    secure.getJsonObject("auth").put("secret", "0123456789abcdef0123456789abcdef");
    assertThat(HubConfig.from(secure).auth().requireExp()).isTrue();
  }
}
