package io.ssehub.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux network namespaces for one test, joined by veth pairs to a bridge in the root namespace: a small LAN
 * of its own ({@value #LAN}.0/24, the test's JVM at {@value #LAN}.1) on which a link can be cut and healed.
 * A host can also get a client link, a point-to-point veth straight to the root namespace, so that the test
 * still reaches it while its LAN link is cut. Every namespace, veth and bridge is named {@value #PREFIX}...;
 * the constructor removes leftovers of that name and {@link #close()} removes what this instance made.
 * Needs root and {@code ip} from iproute2.
 */
public final class NetNamespaces implements AutoCloseable {

  /** What every name made here starts with. */
  public static final String PREFIX = "sshp";
  /** The first three octets of the LAN. */
  public static final String LAN = "10.77.13";
  private static final String CLIENT_NET = "10.77.14";
  private static final String BRIDGE = PREFIX + "-br";
  private static final long COMMAND_TIMEOUT_SECONDS = 20;

  /** A namespace on the LAN: its name, its LAN address and the root-side end of its LAN link. */
  public record Host(String namespace, String address, String lanLink) {

    /** The command prefix that runs a program inside this namespace. */
    public List<String> exec() {
      return List.of("ip", "netns", "exec", namespace);
    }
  }

  private final List<String> namespaces = new ArrayList<>();
  private final List<String> links = new ArrayList<>();
  private int clientLinks;

  /** Skips the calling test unless this process is root and may create a network namespace. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
      "network namespaces need root; this test runs as " + System.getProperty("user.name"));
    String probe = PREFIX + "-probe";
    run(false, "ip", "netns", "del", probe);
    Assumptions.assumeTrue(run(false, "ip", "netns", "add", probe).ok(),
      "`ip netns add` is not permitted here, so the namespaces of this test cannot be made");
    run(false, "ip", "netns", "del", probe);
  }

  /** Removes leftovers of an earlier run, then makes the bridge with the test's address on it. */
  public NetNamespaces() {
    removeLeftovers();
    try {
      add(BRIDGE, "ip", "link", "add", BRIDGE, "type", "bridge");
      run(true, "ip", "addr", "add", LAN + ".1/24", "dev", BRIDGE);
      run(true, "ip", "link", "set", BRIDGE, "up");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A new namespace {@value #PREFIX}-{@code name} at {@value #LAN}.{@code octet}, its LAN link up. */
  public Host host(String name, int octet) {
    String namespace = PREFIX + "-" + name;
    String outside = PREFIX + "-" + name;
    String inside = outside + "-i";
    run(true, "ip", "netns", "add", namespace);
    namespaces.add(namespace);
    run(true, "ip", "-n", namespace, "link", "set", "lo", "up");
    add(outside, "ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", namespace);
    run(true, "ip", "-n", namespace, "addr", "add", LAN + "." + octet + "/24", "dev", inside);
    run(true, "ip", "-n", namespace, "link", "set", inside, "up");
    run(true, "ip", "link", "set", outside, "master", BRIDGE, "up");
    return new Host(namespace, LAN + "." + octet, outside);
  }

  /**
   * A point-to-point link from the root namespace straight to {@code host}, not through the bridge; returns the
   * host's address on it, which the test reaches even while the host's LAN link is cut.
   */
  public String clientLink(Host host) {
    int base = 4 * clientLinks++;
    String outside = host.lanLink() + "c";
    String inside = host.lanLink() + "ci";
    add(outside, "ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", host.namespace());
    run(true, "ip", "addr", "add", CLIENT_NET + "." + (base + 1) + "/30", "dev", outside);
    run(true, "ip", "link", "set", outside, "up");
    run(true, "ip", "-n", host.namespace(), "addr", "add", CLIENT_NET + "." + (base + 2) + "/30", "dev", inside);
    run(true, "ip", "-n", host.namespace(), "link", "set", inside, "up");
    return CLIENT_NET + "." + (base + 2);
  }

  /** Takes the host's LAN link down: it no longer reaches any other host, nor they it. */
  public void cut(Host host) {
    run(true, "ip", "link", "set", host.lanLink(), "down");
  }

  /** Brings the host's LAN link back up. */
  public void heal(Host host) {
    run(true, "ip", "link", "set", host.lanLink(), "up");
  }

  @Override
  public void close() {
    for (String namespace : namespaces) {
      run(false, "ip", "netns", "del", namespace);
    }
    for (String link : links) {
      run(false, "ip", "link", "del", link);
    }
    namespaces.clear();
    links.clear();
  }

  private void add(String link, String... command) {
    run(true, command);
    links.add(link);
  }

  private static void removeLeftovers() {
    for (String line : run(false, "ip", "netns", "list").output().split("\n")) {
      String name = line.split(" ")[0];
      if (name.startsWith(PREFIX + "-")) {
        run(false, "ip", "netns", "del", name);
      }
    }
    for (String line : run(false, "ip", "-o", "link", "show").output().split("\n")) {
      String[] fields = line.split(": ");
      if (fields.length > 1 && fields[1].startsWith(PREFIX + "-")) {
        run(false, "ip", "link", "del", fields[1].split("@")[0]);
      }
    }
  }

  private record Outcome(boolean ok, String output) {
  }

  private static Outcome run(boolean required, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      boolean exited = process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean ok = exited && process.exitValue() == 0;
      if (required && !ok) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
      }
      return new Outcome(ok, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }
}
