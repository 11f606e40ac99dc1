package io.ssehub.config;

import io.ssehub.config.BridgeConfig.Permit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Config: the bridge section (the TCP event-bus bridge)")
class BridgeConfigTest {

  @Test
  @DisplayName("Without a bridge section no bridge runs, even when deploy names it; with {} it runs on 127.0.0.1:7000")
  void onlyWithItsSection() {
    JsonObject deploy = new JsonObject().put("deploy", new JsonArray().add("gateway").add("bridge"));
    assertThat(HubConfig.from(deploy).runs(Role.BRIDGE)).isFalse();
    HubConfig config = HubConfig.from(deploy.copy().put("bridge", new JsonObject()));
    assertThat(config.runs(Role.BRIDGE)).isTrue();
    assertThat(config.bridge().host()).isEqualTo("127.0.0.1");
    assertThat(config.bridge().port()).isEqualTo(7000);
    assertThat(config.bridge().inbound()).isEqualTo(BridgeConfig.DEFAULT_INBOUND);
    assertThat(config.bridge().outbound()).isEqualTo(BridgeConfig.DEFAULT_OUTBOUND);
  }

  @Test
  @DisplayName("Permitted lists take exact addresses and regular expressions; a bad entry is refused by its key")
  void permittedLists() {
    BridgeConfig bridge = read(new JsonObject()
      .put("inbound", new JsonArray().add(new JsonObject().put("address", "hub.publish")))
      .put("outbound", new JsonArray().add(new JsonObject().put("addressRegex", "hub\\.topic\\.news"))));
    assertThat(bridge.inbound()).containsExactly(Permit.exactly("hub.publish"));
    assertThat(bridge.outbound()).containsExactly(Permit.matching("hub\\.topic\\.news"));
    assertThatThrownBy(() -> read(new JsonObject().put("inbound", new JsonArray().add(new JsonObject()))))
      .isInstanceOf(ConfigException.class).hasMessageContaining("bridge.inbound[0].address");
    assertThatThrownBy(() -> read(new JsonObject().put("outbound", new JsonArray()
      .add(new JsonObject().put("addressRegex", "hub.(")))))
      .isInstanceOf(ConfigException.class).hasMessageContaining("bridge.outbound[0].addressRegex");
    assertThatThrownBy(() -> read(new JsonObject().put("port", 70000)))
      .isInstanceOf(ConfigException.class).hasMessageContaining("bridge.port");
  }

  @Test
  @DisplayName("conf/polyglot.json runs the bridge, and its upper and reverse stages are served on the bus")
  void polyglotConf() {
    HubConfig config = ConfigSource.check("conf/polyglot.json");
    assertThat(config.runs(Role.BRIDGE)).isTrue();
    assertThat(config.bridge().port()).isEqualTo(7000);
    assertThat(config.switchboard().pipeline()).extracting(ProcessorSpec::name).containsExactly("upper", "reverse");
    assertThat(config.switchboard().pipeline()).allMatch(ProcessorSpec::bus);
  }

  private static BridgeConfig read(JsonObject bridge) {
    return HubConfig.from(new JsonObject().put("bridge", bridge)).bridge();
  }
}
