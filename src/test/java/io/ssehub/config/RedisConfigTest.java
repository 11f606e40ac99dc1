package io.ssehub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The redis and generator config sections")
class RedisConfigTest {

  @Test
  @DisplayName("An empty config uses no Redis, and the generator defaults to the seed's 5 s and channel alerts")
  void defaultsNeedNoRedis() {
    HubConfig config = HubConfig.from(new JsonObject());
    assertThat(config.redis().enabled()).isFalse();
    assertThat(config.redis().historyInRedis()).isFalse();
    assertThat(config.generator()).isEqualTo(new GeneratorConfig(5000, "alerts", "alerts"));
  }

  @Test
  @DisplayName("A channel both bridged in and mirrored out is refused, naming the keys, since it would loop")
  void mirrorLoopIsRefused() {
    JsonObject json = new JsonObject().put("redis", new JsonObject()
      .put("url", "redis://127.0.0.1:6379")
      .put("subscribe", new JsonArray().add("alerts"))
      .put("mirror", new JsonArray().add("alerts")));
    assertThatThrownBy(() -> HubConfig.from(json))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("redis.mirror")
      .hasMessageContaining("loop");
  }

  @Test
  @DisplayName("Channels without redis.url are refused with a sentence that names the missing key")
  void channelsNeedUrl() {
    JsonObject json = new JsonObject().put("redis", new JsonObject().put("subscribe", new JsonArray().add("alerts")));
    assertThatThrownBy(() -> HubConfig.from(json)).hasMessageContaining("redis.url");
  }

  @Test
  @DisplayName("The shipped example configs parse")
  void examplesParse() {
    assertThat(ConfigSource.check(Path.of("conf", "redis.json").toString()).redis().historyInRedis()).isTrue();
    assertThat(ConfigSource.check(Path.of("conf", "redis-gateway.json").toString()).runs(Role.GENERATOR)).isFalse();
    assertThat(ConfigSource.check(Path.of("conf", "all-in-one.json").toString()).redis().enabled()).isFalse();
  }
}
