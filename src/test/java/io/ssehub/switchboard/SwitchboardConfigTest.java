package io.ssehub.switchboard;

import io.ssehub.config.ConfigException;
import io.ssehub.config.HubConfig;
import io.ssehub.config.ProcessorSpec;
import io.ssehub.config.Transform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The switchboard section of the config")
class SwitchboardConfigTest {

  private static HubConfig read(JsonArray pipeline) {
    return HubConfig.from(new JsonObject().put("switchboard", new JsonObject().put("pipeline", pipeline)));
  }

  private static JsonObject stage(String json) {
    return new JsonObject(json);
  }

  @Test
  @DisplayName("An empty config gives seed 000's pipeline (upper, reverse) and the 50 ms window")
  void defaults() {
    HubConfig config = HubConfig.from(new JsonObject());
    assertThat(config.switchboard().windowMillis()).isEqualTo(50);
    assertThat(config.switchboard().pipeline()).extracting(ProcessorSpec::name).containsExactly("upper", "reverse");
    assertThat(config.switchboard().pipeline()).extracting(ProcessorSpec::transform)
      .containsExactly(Transform.UPPER, Transform.REVERSE);
  }

  @Test
  @DisplayName("An external processor gets deliver body by default and the window as its HTTP timeout")
  void externalStage() {
    HubConfig config = read(new JsonArray()
      .add(stage("{\"name\": \"py\", \"url\": \"http://127.0.0.1:4001/reverse\"}")));
    ProcessorSpec py = config.switchboard().pipeline().get(0);
    assertThat(py.external()).isTrue();
    assertThat(py.deliver()).isEqualTo("body");
    assertThat(py.timeoutMillis()).isEqualTo(50);
  }

  @Test
  @DisplayName("Bad pipelines are refused with a message that names the key")
  void badPipelines() {
    assertThatThrownBy(() -> read(new JsonArray()))
      .isInstanceOf(ConfigException.class).hasMessageContaining("switchboard.pipeline").hasMessageContaining("at least one");
    assertThatThrownBy(() -> read(new JsonArray().add(stage("{\"name\": \"a\", \"transform\": \"sideways\"}"))))
      .hasMessageContaining("switchboard.pipeline[0].transform").hasMessageContaining("reverse");
    assertThatThrownBy(() -> read(new JsonArray().add(stage("{\"name\": \"a\"}"))))
      .hasMessageContaining("switchboard.pipeline[0].transform").hasMessageContaining("'url'");
    assertThatThrownBy(() -> read(new JsonArray()
      .add(stage("{\"name\": \"a\", \"transform\": \"upper\"}"))
      .add(stage("{\"name\": \"a\", \"transform\": \"reverse\"}"))))
      .hasMessageContaining("switchboard.pipeline[1].name").hasMessageContaining("repeats");
    assertThatThrownBy(() -> read(new JsonArray()
      .add(stage("{\"name\": \"py\", \"url\": \"http://127.0.0.1:4001/x\", \"deliver\": \"sink\"}"))
      .add(stage("{\"name\": \"b\", \"transform\": \"reverse\"}"))))
      .hasMessageContaining("switchboard.pipeline[0].deliver").hasMessageContaining("last processor");
    assertThatThrownBy(() -> read(new JsonArray().add(stage("{\"name\": \"py\", \"url\": \"ftp://host/x\"}"))))
      .hasMessageContaining("switchboard.pipeline[0].url");
    assertThatThrownBy(() -> read(new JsonArray().add(stage("{\"name\": \"a\", \"transform\": \"upper\", \"speed\": 3}"))))
      .hasMessageContaining("unknown key 'switchboard.pipeline[0].speed'");
  }
}
