package io.ssehub.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A load tool, not a test: {@code /ssec?m=meow%20meow} through the same two stages (upper, then reverse) served
 * three ways, one after the other on fresh hubs: {@code jvm} (the in-JVM transforms, 2 instances each), {@code bus}
 * (a Python upper and a Node reverse from examples/bus-processor over the TCP bridge) and {@code http} (two Python
 * processors from examples/python-processor over the callback demo's HTTP protocol). For each: a warm-up in a closed
 * loop of 64 clients, then open loops at 500 and 1,000 req/s with latency from the scheduled send (see
 * {@link SsecBench}), one row per rate with p50, p99, max, the share answered {@code no_reply}, and the load average.
 *
 * <p>Run after {@code mvn -B -q package -DskipTests} (and {@code mvn -q test-compile}):
 * {@code java -cp target/sse-hub.jar:target/test-classes io.ssehub.bench.PolyglotBench [seconds-per-rate] [jvm|bus|http ...]}.
 */
public final class PolyglotBench {

  private static final int[] RATES = {500, 1000};
  private static final String BUS_PIPELINE = "[{\"name\": \"upper\", \"bus\": true}, {\"name\": \"reverse\", \"bus\": true}]";

  private PolyglotBench() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<String> variants = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("jvm", "bus", "http");
    SsecBench.print("| pipeline | offered req/s | done req/s | p50 ms | p99 ms | max ms | no_reply | errors | load avg |");
    SsecBench.print("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String variant : variants) {
      run(variant, seconds);
    }
  }

  private static void run(String variant, int seconds) throws Exception {
    int port = SsecBench.freePort();
    int bridgePort = SsecBench.freePort();
    List<Process> processes = new ArrayList<>();
    Process hub = null;
    try {
      hub = switch (variant) {
        case "jvm" -> SsecBench.startHubWith(port, "\"deploy\": [\"history\", \"gateway\", \"switchboard\", \"processors\"]");
        case "bus" -> SsecBench.startHubWith(port, "\"deploy\": [\"history\", \"gateway\", \"switchboard\", \"processors\", "
          + "\"bridge\"], \"bridge\": {\"port\": " + bridgePort + "}, \"switchboard\": {\"pipeline\": " + BUS_PIPELINE + "}");
        case "http" -> httpHub(port, processes);
        default -> throw new IllegalArgumentException("no pipeline named " + variant + "; use jvm, bus or http");
      };
      if (variant.equals("bus")) {
        String bridge = "127.0.0.1:" + bridgePort;
        processes.add(started(List.of("python3", "examples/bus-processor/processor.py", "--bridge", bridge, "--stage",
          "upper"), "serving"));
        processes.add(started(List.of("node", "examples/bus-processor/processor.mjs", "--bridge", bridge, "--stage",
          "reverse"), "serving"));
      }
      SsecBench bench = new SsecBench(URI.create("http://127.0.0.1:" + port), seconds);
      try {
        bench.closedLoop(SsecBench.SSEC, 64, seconds);
        for (int rate : RATES) {
          SsecResult result = bench.openLoop(SsecBench.SSEC, rate, seconds);
          SsecBench.print("| %s | %d | %.0f | %.2f | %.2f | %.2f | %s | %d | %s |", variant, rate, result.rate(),
            result.p(50), result.p(99), result.p(100), result.noReplyShare(), result.errors(), SsecBench.loadAverage());
        }
      } finally {
        bench.vertx.close().await();
      }
    } finally {
      for (Process process : processes) {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      if (hub != null) {
        hub.destroy();
        hub.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static Process httpHub(int port, List<Process> processes) throws Exception {
    int upperPort = SsecBench.freePort();
    int reversePort = SsecBench.freePort();
    processes.add(started(List.of("python3", "examples/python-processor/processor.py", "--port",
      String.valueOf(upperPort), "--transform", "upper"), "listening"));
    processes.add(started(List.of("python3", "examples/python-processor/processor.py", "--port",
      String.valueOf(reversePort), "--transform", "reverse"), "listening"));
    return SsecBench.startHubWith(port, "\"deploy\": [\"history\", \"gateway\", \"switchboard\", \"processors\"], "
      + "\"switchboard\": {\"pipeline\": [{\"name\": \"upper\", \"url\": \"http://127.0.0.1:" + upperPort + "/upper\"}, "
      + "{\"name\": \"reverse\", \"url\": \"http://127.0.0.1:" + reversePort + "/reverse\"}]}");
  }

  /** {@code command}, once a line of its output contains {@code ready}; its output goes to a temporary file. */
  private static Process started(List<String> command, String ready) throws IOException, InterruptedException {
    Path log = Files.createTempFile("polyglot-bench", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; i < 300; i++) {
      if (Files.readString(log).contains(ready)) {
        return process;
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException(String.join(" ", command) + " did not start; its output: " + Files.readString(log));
  }
}
