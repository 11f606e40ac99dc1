package io.ssehub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SSEHUB_* environment variables over the config file")
class EnvOverlayTest {

  private static final JsonObject FILE = new JsonObject()
    .put("gateway", new JsonObject().put("port", 3000).put("keepAliveSeconds", 20))
    .put("history", new JsonObject().put("maxEvents", 50));

  private static HubConfig read(JsonObject file, Map<String, String> environment) {
    return HubConfig.from(EnvOverlay.apply(file, environment).config());
  }

  @Test
  @DisplayName("A number: SSEHUB_HISTORY_MAX_EVENTS and SSEHUB_GATEWAY_KEEP_ALIVE_SECONDS win over the file")
  void numberOverFile() {
    HubConfig config = read(FILE, Map.of("SSEHUB_HISTORY_MAX_EVENTS", "5000", "SSEHUB_GATEWAY_KEEP_ALIVE_SECONDS", "7"));
    assertThat(config.history().maxEvents()).isEqualTo(5000);
    assertThat(config.gateway().keepAliveMillis()).isEqualTo(7000);
    assertThat(config.gateway().port()).as("a key the environment leaves alone keeps the file's value").isEqualTo(3000);
    assertThat(config.history().maxAgeMillis()).as("and one in neither keeps its default").isEqualTo(3_600_000);
  }

  @Test
  @DisplayName("A list: comma-separated, blanks around the items dropped")
  void listIsCommaSeparated() {
    HubConfig config = read(FILE, Map.of(
      "SSEHUB_CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example",
      "SSEHUB_DEPLOY", "gateway,monitor"));
    assertThat(config.cors().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
    assertThat(config.deploy()).containsExactlyInAnyOrder(Role.GATEWAY, Role.MONITOR);
  }

  @Test
  @DisplayName("A nested key: SSEHUB_REPORTS_REDIS_KEY_PREFIX creates reports.redis, and a boolean and a name are typed")
  void nestedKey() {
    JsonObject json = EnvOverlay.apply(FILE, Map.of(
      "SSEHUB_REPORTS_REDIS_KEY_PREFIX", "hub1:",
      "SSEHUB_GATEWAY_SSE_NO_DELAY", "TRUE",
      "SSEHUB_GATEWAY_WIRE", "public")).config();
    assertThat(json.getJsonObject("reports").getJsonObject("redis").getString("keyPrefix")).isEqualTo("hub1:");
    HubConfig config = HubConfig.from(json);
    assertThat(config.reports().redis().keyPrefix()).isEqualTo("hub1:");
    assertThat(config.reports().redis().connectionString()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.gateway().sseNoDelay()).isTrue();
    assertThat(config.gateway().wire()).isEqualTo("public");
  }

  @Test
  @DisplayName("A list of objects is a JSON array: SSEHUB_SWITCHBOARD_PIPELINE")
  void listOfObjectsIsJson() {
    HubConfig config = read(FILE, Map.of("SSEHUB_SWITCHBOARD_PIPELINE", "[{\"name\": \"up\", \"transform\": \"upper\"}]"));
    assertThat(config.switchboard().pipeline()).extracting(ProcessorSpec::name).containsExactly("up");
  }

  @Test
  @DisplayName("The result says which variable set which key, and the file given is not changed")
  void variablesAreReported() {
    EnvOverlay.Result result = EnvOverlay.apply(FILE, Map.of("SSEHUB_GATEWAY_PORT", "3001", "PATH", "/usr/bin"));
    assertThat(result.variables()).containsExactly(Map.entry("gateway.port", "SSEHUB_GATEWAY_PORT"));
    assertThat(result.config().getJsonObject("gateway").getLong("port")).isEqualTo(3001);
    assertThat(FILE.getJsonObject("gateway").getInteger("port")).isEqualTo(3000);
  }

  @Test
  @DisplayName("A bad value is refused naming the variable, its key and what it must be")
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("SSEHUB_GATEWAY_PORT", "70000")))
      .isInstanceOf(ConfigException.class)
      .hasMessage("environment variable SSEHUB_GATEWAY_PORT (key 'gateway.port') must be a whole number from 1 to "
        + "65535, found \"70000\"");
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("SSEHUB_HISTORY_MAX_EVENTS", "lots")))
      .hasMessageContaining("SSEHUB_HISTORY_MAX_EVENTS (key 'history.maxEvents') must be a whole number");
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("SSEHUB_GATEWAY_SSE_NO_DELAY", "yes")))
      .hasMessageContaining("SSEHUB_GATEWAY_SSE_NO_DELAY (key 'gateway.sseNoDelay') must be true or false");
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("SSEHUB_GATEWAY_WIRE", "fast")))
      .hasMessageContaining("SSEHUB_GATEWAY_WIRE (key 'gateway.wire') must be one of direct, public");
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("SSEHUB_SWITCHBOARD_PIPELINE", "upper,reverse")))
      .hasMessageContaining("SSEHUB_SWITCHBOARD_PIPELINE (key 'switchboard.pipeline') must be a JSON array of objects");
  }

  @Test
  @DisplayName("A SSEHUB_ variable that sets no key is refused with the variables of its section")
  void unknownVariableIsRefused() {
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("SSEHUB_GATEWAY_PROT", "3001")))
      .isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("environment variable SSEHUB_GATEWAY_PROT sets no config key")
      .hasMessageContaining("SSEHUB_GATEWAY_PORT");
  }

  @Test
  @DisplayName("A SSEHUB_ variable that auth.secretEnv names holds the secret and is no key")
  void secretVariableIsNoKey() {
    JsonObject secure = new JsonObject().put("auth", new JsonObject().put("secretEnv", "SSEHUB_JWT_SECRET"));
    JsonObject json = EnvOverlay.apply(secure, Map.of("SSEHUB_JWT_SECRET", "x".repeat(32))).config();
    assertThat(json).isEqualTo(secure);
  }

  @Test
  @DisplayName("HUB_HTTP_PORT, the older spelling, still sets gateway.port; it may not disagree with SSEHUB_GATEWAY_PORT")
  void olderSpelling() {
    assertThat(read(FILE, Map.of("HUB_HTTP_PORT", "3105")).gateway().port()).isEqualTo(3105);
    assertThat(read(FILE, Map.of("HUB_HTTP_PORT", "3105", "SSEHUB_GATEWAY_PORT", "3105")).gateway().port())
      .isEqualTo(3105);
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("HUB_HTTP_PORT", "3105", "SSEHUB_GATEWAY_PORT", "3106")))
      .hasMessageContaining("HUB_HTTP_PORT and SSEHUB_GATEWAY_PORT set gateway.port to different values");
    assertThatThrownBy(() -> EnvOverlay.apply(FILE, Map.of("HUB_HTTP_PORT", "31o5")))
      .hasMessageContaining("environment variable HUB_HTTP_PORT (key 'gateway.port') must be a whole number");
  }

  @Test
  @DisplayName("A key inside a non-object value of the file is refused naming the variable")
  void sectionThatIsNoObject() {
    assertThatThrownBy(() -> EnvOverlay.apply(new JsonObject().put("history", new JsonArray()),
      Map.of("SSEHUB_HISTORY_MAX_EVENTS", "5")))
      .hasMessageContaining("SSEHUB_HISTORY_MAX_EVENTS (key 'history.maxEvents') needs 'history' to be a JSON object");
  }

  @Test
  @DisplayName("Names: camelCase as upper snake case, one per key, none for a key inside a list of objects")
  void names() {
    assertThat(ConfigKey.environmentName("gateway.keepAliveSeconds")).isEqualTo("SSEHUB_GATEWAY_KEEP_ALIVE_SECONDS");
    assertThat(ConfigKey.environmentName("seeds.v1HelloMillis")).isEqualTo("SSEHUB_SEEDS_V1_HELLO_MILLIS");
    assertThat(ConfigKey.environmentName("nodeName")).isEqualTo("SSEHUB_NODE_NAME");
    List<String> names = ConfigKeys.all().values().stream().map(ConfigKey::environmentName)
      .filter(name -> name != null).toList();
    assertThat(names).doesNotHaveDuplicates().contains("SSEHUB_GATEWAY_PORT", "SSEHUB_REPORTS_REDIS_CONNECTION_STRING");
    assertThat(ConfigKeys.all().get("switchboard.pipeline[].name").environmentName()).isNull();
  }
}
