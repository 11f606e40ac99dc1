package io.ssehub.config;

import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole node config, parsed once from the verticle config JSON. An empty object is the
 * all-in-one default: every role on port 3000, no external service.
 *
 * <p>Keys: {@code nodeName}, {@code deploy} (role names), and the sections {@code gateway},
 * {@code history}, {@code seeds}, {@code reports}, {@code redis}, {@code generator}, {@code switchboard},
 * {@code auth} (present: JWT authentication on), {@code limits}, {@code cors}, {@code cluster} and {@code log};
 * the optional {@code kafka} section (null when absent) turns the Kafka bridge on, and the optional {@code bridge}
 * section (null when absent) the TCP event-bus bridge; the {@code mercure} section is off unless it says
 * {@code "enabled": true}.
 */
public record HubConfig(
  String nodeName,
  Set<Role> deploy,
  GatewayConfig gateway,
  HistoryConfig history,
  SeedStreamsConfig seeds,
  KafkaConfig kafka,
  ReportsConfig reports,
  RedisConfig redis,
  GeneratorConfig generator,
  SwitchboardConfig switchboard,
  AuthConfig auth,
  LimitsConfig limits,
  CorsConfig cors,
  ClusterConfig cluster,
  LogConfig log,
  BridgeConfig bridge,
  MercureConfig mercure) {

  public static HubConfig from(JsonObject json) {
    return read(ConfigReader.root(json));
  }

  /** Reads the whole config through {@code reader}, which then lists every key asked for. */
  static HubConfig read(ConfigReader reader) {
    GatewayConfig gateway = GatewayConfig.from(reader.section("gateway"));
    HubConfig config = new HubConfig(
      reader.string("nodeName", defaultNodeName(gateway.port())),
      roles(reader),
      gateway,
      HistoryConfig.from(reader.section("history")),
      SeedStreamsConfig.from(reader.section("seeds")),
      reader.has("kafka") ? KafkaConfig.from(reader.section("kafka")) : null,
      ReportsConfig.from(reader.section("reports")),
      RedisConfig.from(reader.section("redis")),
      GeneratorConfig.from(reader.section("generator")),
      SwitchboardConfig.from(reader.section("switchboard")),
      AuthConfig.from(reader.section("auth"), reader.has("auth")),
      LimitsConfig.from(reader.section("limits")),
      CorsConfig.from(reader.section("cors")),
      ClusterConfig.from(reader.section("cluster")),
      LogConfig.from(reader.section("log")),
      reader.has("bridge") ? BridgeConfig.from(reader.section("bridge")) : null,
      MercureConfig.from(reader.section("mercure")));
    reader.rejectUnknownKeys();
    return config;
  }

  public boolean runs(Role role) {
    return deploy.contains(role) && (role != Role.KAFKA || kafka != null) && (role != Role.BRIDGE || bridge != null)
      && (role != Role.MERCURE || mercure.enabled());
  }

  private static Set<Role> roles(ConfigReader reader) {
    List<String> allNames = Arrays.stream(Role.values()).map(Role::configName).toList();
    List<String> names = reader.strings("deploy", allNames);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      roles.add(Role.named(name).orElseThrow(() -> reader.invalid("deploy",
        "names an unknown role \"" + name + "\"; the roles are " + String.join(", ", allNames))));
    }
    return roles;
  }

  private static String defaultNodeName(int port) {
    try {
      return InetAddress.getLocalHost().getHostName() + ":" + port;
    } catch (UnknownHostException e) {
      return "localhost:" + port;
    }
  }

  /** The role names, for log lines. */
  public String roleNames() {
    return deploy.stream().filter(this::runs).map(Role::configName).collect(Collectors.joining(", "));
  }
}
