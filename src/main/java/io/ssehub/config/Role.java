package io.ssehub.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles a node can run; a config's {@code deploy} list names them, and the default is every one. {@code history}
 * and {@code gateway} are the core; every other role belongs to a module, which runs its verticles for the role and
 * serves its routes on the node's gateway. The last five are fronts: they run no verticle and bring a demo's routes
 * alone, for a gateway node whose demo verticles run on another node. {@code kafka} runs only when the config also
 * has a {@code kafka} section, {@code bridge} (the TCP event-bus bridge) only with a {@code bridge} section, {@code mercure} (the Mercure
 * protocol's routes) only when {@code mercure.enabled} is true.
 */
public enum Role {
  HISTORY("history"),
  GATEWAY("gateway"),
  ANNOUNCER("announcer"),
  CLOCK("clock"),
  MONITOR("monitor"),
  KAFKA("kafka"),
  REPORTS("reports"),
  GENERATOR("generator"),
  REDIS("redis"),
  SWITCHBOARD("switchboard"),
  PROCESSORS("processors"),
  BRIDGE("bridge"),
  MERCURE("mercure"),
  PIPELINE("pipeline"),
  ALERTS("alerts"),
  ANNOUNCEMENTS("announcements"),
  TIMESTAMPS("timestamps"),
  USERS("users");

  private final String configName;

  Role(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<Role> named(String name) {
    return Arrays.stream(values())
      .filter(role -> role.configName.equals(name))
      .findFirst();
  }
}
