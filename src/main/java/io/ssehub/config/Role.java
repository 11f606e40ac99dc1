package io.ssehub.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The verticles a node can run; a config's {@code deploy} list names them. {@code kafka} runs only
 * when the config also has a {@code kafka} section, {@code bridge} (the TCP event-bus bridge) only with a
 * {@code bridge} section.
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
  BRIDGE("bridge");

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
