package io.ssehub.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The role confs that docker/compose.yml mounts are valid")
class RoleConfTest {

  @Test
  @DisplayName("conf/gateway.json is a gateway node on port 3000 with the monitor that /monitor needs, and no history")
  void gatewayConf() {
    HubConfig gateway = ConfigSource.check("conf/gateway.json");
    assertThat(gateway.deploy()).containsExactlyInAnyOrder(Role.GATEWAY, Role.MONITOR);
    assertThat(gateway.gateway().port()).isEqualTo(3000);
    assertThat(gateway.gateway().host()).isEqualTo("0.0.0.0");
  }

  @Test
  @DisplayName("conf/workers.json runs the one history and the seed timers, and a gateway for its ops endpoints")
  void workersConf() {
    HubConfig workers = ConfigSource.check("conf/workers.json");
    assertThat(workers.nodeName()).isEqualTo("worker");
    assertThat(workers.deploy())
      .containsExactlyInAnyOrder(Role.HISTORY, Role.ANNOUNCER, Role.CLOCK, Role.MONITOR, Role.GATEWAY);
    assertThat(workers.gateway().instances()).isEqualTo(1);
  }
}
