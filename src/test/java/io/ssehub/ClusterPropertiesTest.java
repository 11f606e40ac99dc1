package io.ssehub;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("cluster.xml's placeholders are filled from -D, else the environment, else loopback defaults")
class ClusterPropertiesTest {

  @Test
  @DisplayName("With nothing set, the nodes of this machine join over loopback on the Hazelcast ports from 5701")
  void defaults() {
    Properties system = new Properties();
    Map<String, String> used = ClusterProperties.apply(system, Map.of());
    assertThat(used).containsExactly(
      Map.entry("hub.cluster.name", "sse-hub"),
      Map.entry("hub.cluster.port", "5701"),
      Map.entry("hub.cluster.members", "127.0.0.1"),
      Map.entry("hub.cluster.interface", "127.0.0.1"));
    assertThat(system.getProperty("hub.cluster.members")).isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("An environment variable sets a value that -D did not, and -D wins over the environment")
  void environmentThenSystemProperty() {
    Properties system = new Properties();
    system.setProperty("hub.cluster.port", "6000");
    Map<String, String> used = ClusterProperties.apply(system, Map.of(
      "HUB_CLUSTER_PORT", "7000",
      "HUB_CLUSTER_MEMBERS", "10.0.0.5,10.0.0.6:5702",
      "HUB_CLUSTER_INTERFACE", "10.0.0.*"));
    assertThat(used)
      .containsEntry("hub.cluster.port", "6000")
      .containsEntry("hub.cluster.members", "10.0.0.5,10.0.0.6:5702")
      .containsEntry("hub.cluster.interface", "10.0.0.*")
      .containsEntry("hub.cluster.name", "sse-hub");
  }

  @Test
  @DisplayName("Hazelcast logs through SLF4J from its first line, unless -D says otherwise")
  void hazelcastLogsThroughSlf4j() {
    Properties system = new Properties();
    ClusterProperties.apply(system, Map.of());
    assertThat(system.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
    Properties chosen = new Properties();
    chosen.setProperty("hazelcast.logging.type", "jdk");
    ClusterProperties.apply(chosen, Map.of());
    assertThat(chosen.getProperty("hazelcast.logging.type")).isEqualTo("jdk");
  }

  @Test
  @DisplayName("A cluster that reaches beyond loopback does not start under the default name; a name by -D or the "
    + "environment lets it, and loopback needs none")
  void nameRequiredAcrossHosts() {
    assertThat(ClusterProperties.unnamedAcrossHosts(new Properties(), Map.of())).isNull();
    assertThat(ClusterProperties.unnamedAcrossHosts(new Properties(), Map.of(
      "HUB_CLUSTER_MEMBERS", "127.0.0.1:5701,localhost,[::1]:5702"))).isNull();
    assertThat(ClusterProperties.unnamedAcrossHosts(new Properties(), Map.of(
      "HUB_CLUSTER_MEMBERS", "127.0.0.1,10.0.0.6:5702")))
      .contains("hub.cluster.members 127.0.0.1,10.0.0.6:5702", "set HUB_CLUSTER_NAME");
    Properties lanInterface = new Properties();
    lanInterface.setProperty("hub.cluster.interface", "10.0.0.*");
    assertThat(ClusterProperties.unnamedAcrossHosts(lanInterface, Map.of()))
      .contains("hub.cluster.interface 10.0.0.*");
    assertThat(ClusterProperties.unnamedAcrossHosts(lanInterface, Map.of("HUB_CLUSTER_NAME", "shop-eu"))).isNull();
    lanInterface.setProperty("hub.cluster.name", "shop-eu");
    assertThat(ClusterProperties.unnamedAcrossHosts(lanInterface, Map.of())).isNull();
  }

  @Test
  @DisplayName("Hazelcast listens on the configured interface only, in both cluster.xml files")
  void bindsTheInterfaceOnly() throws Exception {
    for (String file : List.of("cluster.xml", "docker/cluster.xml")) {
      assertThat(Files.readString(Path.of(file))).as(file)
        .contains("<property name=\"hazelcast.socket.bind.any\">false</property>");
    }
    assertThat(Files.readString(Path.of("cluster.xml")))
      .contains("<interfaces enabled=\"true\">", "<interface>${hub.cluster.interface}</interface>");
  }

  @Test
  @DisplayName("cluster.xml uses every placeholder, joins by TCP/IP only and states its failure detection")
  void clusterXmlUsesThePlaceholders() throws Exception {
    String xml = Files.readString(Path.of("cluster.xml"));
    ClusterProperties.DEFAULTS.keySet().forEach(property -> assertThat(xml).contains("${" + property + "}"));
    assertThat(xml)
      .contains("<multicast enabled=\"false\"/>", "<tcp-ip enabled=\"true\"")
      .contains("<property name=\"hazelcast.heartbeat.interval.seconds\">1</property>")
      .contains("<property name=\"hazelcast.max.no.heartbeat.seconds\">5</property>");
  }

  @Test
  @DisplayName("Main sees -cluster in either spelling")
  void clusteredFlag() {
    assertThat(Main.clustered(new String[] {"-conf", "conf/gateway.json", "-cluster"})).isTrue();
    assertThat(Main.clustered(new String[] {"--cluster"})).isTrue();
    assertThat(Main.clustered(new String[] {"-conf", "conf/gateway.json"})).isFalse();
  }
}
