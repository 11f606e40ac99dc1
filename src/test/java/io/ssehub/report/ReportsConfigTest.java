package io.ssehub.report;

import io.ssehub.config.ConfigException;
import io.ssehub.config.HubConfig;
import io.ssehub.config.ReportsConfig;
import io.ssehub.config.Role;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The reports config section")
class ReportsConfigTest {

  @Test
  @DisplayName("An empty config runs the reports role on the MVStore file data/reports.mv.db with the seed's 30 s keep-alive")
  void defaults() {
    HubConfig config = HubConfig.from(new JsonObject());
    assertThat(config.runs(Role.REPORTS)).isTrue();
    assertThat(config.reports()).isEqualTo(new ReportsConfig("data/reports.mv.db", 30_000, 5000, null));
  }

  @Test
  @DisplayName("A redis section switches the store to Redis, and the example config file reads")
  void redisSection() throws Exception {
    HubConfig config = HubConfig.from(new JsonObject(Files.readString(Path.of("conf/reports-redis.json"))));
    assertThat(config.reports().redis())
      .isEqualTo(new ReportsConfig.RedisStore("redis://127.0.0.1:6379", "sse-hub:reports:"));
    assertThat(HubConfig.from(new JsonObject(Files.readString(Path.of("conf/all-in-one.json")))).reports().redis())
      .isNull();
  }

  @Test
  @DisplayName("A misspelt key in the reports section is refused with its full name")
  void unknownKey() {
    assertThatThrownBy(() -> HubConfig.from(new JsonObject().put("reports", new JsonObject()
        .put("redis", new JsonObject().put("conectionString", "redis://x")))))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("reports.redis.conectionString");
  }
}
