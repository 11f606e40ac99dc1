package io.ssehub.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The role confs that docker/compose.yml mounts are valid")
class RoleConfTest {

  @Test
  @DisplayName("conf/gateway.json is a gateway node on port 3000 with the monitor that /monitor needs, every demo's "
    + "routes, and no history")
  void gatewayConf() {
    HubConfig gateway = ConfigSource.check("conf/gateway.json");
    assertThat(gateway.deploy()).containsExactlyInAnyOrder(Role.GATEWAY, Role.MONITOR,
      Role.PIPELINE, Role.ALERTS, Role.ANNOUNCEMENTS, Role.TIMESTAMPS, Role.USERS);
    assertThat(gateway.gateway().port()).isEqualTo(3000);
    assertThat(gateway.gateway().host()).isEqualTo("0.0.0.0");
  }

  @Test
  @DisplayName("conf/workers.json runs the one history, the switchboard and its processors, the generator, the reports "
    + "and the seed timers, and a gateway for its ops endpoints")
  void workersConf() {
    HubConfig workers = ConfigSource.check("conf/workers.json");
    assertThat(workers.nodeName()).isEqualTo("worker");
    assertThat(workers.deploy()).containsExactlyInAnyOrder(Role.HISTORY, Role.SWITCHBOARD, Role.PROCESSORS,
      Role.GENERATOR, Role.REPORTS, Role.ANNOUNCER, Role.CLOCK, Role.MONITOR, Role.GATEWAY);
    assertThat(workers.switchboard().pipeline()).hasSize(2);
    assertThat(workers.gateway().instances()).isEqualTo(1);
    assertThat(workers.redis().enabled()).isFalse();
  }

  @Test
  @DisplayName("conf/gateway-redis.json is a gateway with its own history role reading the shared Redis Stream")
  void gatewayRedisConf() {
    HubConfig gateway = ConfigSource.check("conf/gateway-redis.json");
    assertThat(gateway.deploy()).containsExactlyInAnyOrder(Role.HISTORY, Role.GATEWAY, Role.MONITOR,
      Role.PIPELINE, Role.ALERTS, Role.ANNOUNCEMENTS, Role.TIMESTAMPS, Role.USERS);
    assertThat(gateway.redis().historyInRedis()).isTrue();
    assertThat(gateway.redis().subscribe()).isEmpty();
  }

  @Test
  @DisplayName("conf/workers-redis.json is the worker with the history in the same Redis Stream and the Redis bridge")
  void workersRedisConf() {
    HubConfig workers = ConfigSource.check("conf/workers-redis.json");
    assertThat(workers.deploy()).contains(Role.HISTORY, Role.REDIS, Role.SWITCHBOARD, Role.PROCESSORS, Role.GENERATOR);
    assertThat(workers.redis().historyInRedis()).isTrue();
    assertThat(workers.redis().streamKey()).isEqualTo(ConfigSource.check("conf/gateway-redis.json").redis().streamKey());
  }

  @Test
  @DisplayName("-Dhub.http.port puts a second node from the same role file on its own port; a bad value is refused by name")
  void httpPortOverride() {
    try {
      System.setProperty("hub.http.port", "3105");
      assertThat(ConfigSource.check("conf/gateway.json").gateway().port()).isEqualTo(3105);
      System.setProperty("hub.http.port", "31o5");
      assertThatThrownBy(() -> ConfigSource.check("conf/gateway.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("hub.http.port is \"31o5\"; it must be a port number from 1 to 65535");
    } finally {
      System.clearProperty("hub.http.port");
    }
  }
}
