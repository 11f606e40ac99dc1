package io.ssehub.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The cluster config section")
class ClusterConfigTest {

  @Test
  @DisplayName("Without a cluster section the quorum is 1, so a node alone in its cluster is still ready")
  void defaultQuorumIsOne() {
    assertThat(HubConfig.from(new JsonObject()).cluster().quorum()).isEqualTo(1);
  }

  @Test
  @DisplayName("cluster.quorum is read as given")
  void quorumIsRead() {
    JsonObject json = new JsonObject().put("cluster", new JsonObject().put("quorum", 2));
    assertThat(HubConfig.from(json).cluster().quorum()).isEqualTo(2);
  }

  @Test
  @DisplayName("A quorum below 1, or not a whole number, is refused with a sentence naming cluster.quorum")
  void badQuorumIsRefused() {
    assertThatThrownBy(() -> HubConfig.from(new JsonObject().put("cluster", new JsonObject().put("quorum", 0))))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("cluster.quorum")
      .hasMessageContaining("from 1 to 1000");
    assertThatThrownBy(() -> HubConfig.from(new JsonObject().put("cluster", new JsonObject().put("quorum", "two"))))
      .hasMessageContaining("cluster.quorum");
  }

  @Test
  @DisplayName("An unknown key in the cluster section is refused, naming it")
  void unknownKeyIsRefused() {
    assertThatThrownBy(() -> HubConfig.from(new JsonObject().put("cluster", new JsonObject().put("qorum", 2))))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("cluster.qorum");
  }

  @Test
  @DisplayName("cluster.tls is absent by default (plain TCP), read when its three files exist, and refused naming the "
    + "key when one is missing or unreadable")
  void eventBusTls(@TempDir Path dir) throws Exception {
    assertThat(HubConfig.from(new JsonObject()).cluster().tls()).isNull();
    for (String file : List.of("node.key", "node.crt", "ca.crt")) {
      Files.writeString(dir.resolve(file), "pem");
    }
    JsonObject tls = new JsonObject()
      .put("keyFile", dir.resolve("node.key").toString())
      .put("certFile", dir.resolve("node.crt").toString())
      .put("trustFile", dir.resolve("ca.crt").toString());
    assertThat(HubConfig.from(new JsonObject().put("cluster", new JsonObject().put("tls", tls))).cluster().tls())
      .isEqualTo(new ClusterTlsConfig(dir.resolve("node.key").toString(), dir.resolve("node.crt").toString(),
        dir.resolve("ca.crt").toString()));
    JsonObject noTrust = tls.copy();
    noTrust.remove("trustFile");
    assertThatThrownBy(() -> HubConfig.from(new JsonObject().put("cluster", new JsonObject().put("tls", noTrust))))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("cluster.tls.trustFile")
      .hasMessageContaining("is missing");
    JsonObject noKey = tls.copy().put("keyFile", dir.resolve("absent.key").toString());
    assertThatThrownBy(() -> HubConfig.from(new JsonObject().put("cluster", new JsonObject().put("tls", noKey))))
      .hasMessageContaining("cluster.tls.keyFile")
      .hasMessageContaining("names no readable file");
  }
}
