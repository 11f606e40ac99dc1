package io.ssehub.kafka;

import io.ssehub.config.ConfigException;
import io.ssehub.config.HubConfig;
import io.ssehub.config.KafkaConfig;
import io.ssehub.config.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Kafka config: optional section, the seed's defaults, and errors that name the key")
class KafkaConfigTest {

  @Test
  @DisplayName("Without a kafka section the bridge does not run, even when the deploy list names it")
  void noSectionNoBridge() {
    assertThat(HubConfig.from(new JsonObject()).runs(Role.KAFKA)).isFalse();
    HubConfig named = HubConfig.from(new JsonObject().put("deploy", new JsonArray().add("gateway").add("kafka")));
    assertThat(named.runs(Role.KAFKA)).isFalse();
    assertThat(named.roleNames()).isEqualTo("gateway");
  }

  @Test
  @DisplayName("An empty kafka section runs the bridge with the seed's broker, group and topic")
  void seedDefaults() {
    HubConfig config = HubConfig.from(new JsonObject().put("kafka", new JsonObject()));
    KafkaConfig kafka = config.kafka();
    assertThat(config.runs(Role.KAFKA)).isTrue();
    assertThat(kafka.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(kafka.groupId()).isEqualTo("server_sent_events_v3");
    assertThat(kafka.userMessagesTopic()).isEqualTo("v3_messages");
    assertThat(kafka.autoOffsetReset()).isEqualTo("latest");
    assertThat(kafka.topics()).isEmpty();
  }

  @Test
  @DisplayName("The example conf/kafka.json is valid and maps the Kafka topic alerts with an event header")
  void exampleConfig() throws Exception {
    HubConfig config = HubConfig.from(new JsonObject(Files.readString(Path.of("conf/kafka.json"))));
    assertThat(config.kafka().topics()).containsExactly(new KafkaConfig.TopicMapping("alerts", "alerts", "event"));
    assertThat(HubConfig.from(new JsonObject(Files.readString(Path.of("docker/worker.json"))))
      .kafka().bootstrapServers()).as("compose's worker reaches the broker by its service name")
      .isEqualTo("kafka:9092");
  }

  @Test
  @DisplayName("Typos, bad hub topics, a Kafka topic read twice and a bad offset reset are refused with the key's name")
  void badValuesAreRefused() {
    assertThatThrownBy(() -> kafka(new JsonObject().put("bootstrap", "x:1")))
      .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'kafka.bootstrap'");
    assertThatThrownBy(() -> kafka(mappings(new JsonObject().put("hubTopic", "bad topic"))))
      .hasMessageContaining("kafka.topics[0].hubTopic");
    assertThatThrownBy(() -> kafka(mappings(new JsonObject().put("hubTopic", "a").put("evenHeader", "e"))))
      .hasMessageContaining("unknown key 'kafka.topics[0].evenHeader'");
    assertThatThrownBy(() -> kafka(mappings(new JsonObject().put("hubTopic", "a").put("kafkaTopic", "v3_messages"))))
      .hasMessageContaining("reads the Kafka topic \"v3_messages\" twice");
    assertThatThrownBy(() -> kafka(new JsonObject().put("autoOffsetReset", "none")))
      .hasMessageContaining("kafka.autoOffsetReset");
  }

  private static JsonObject mappings(JsonObject mapping) {
    return new JsonObject().put("topics", new JsonArray().add(mapping));
  }

  private static HubConfig kafka(JsonObject section) {
    return HubConfig.from(new JsonObject().put("kafka", section));
  }
}
