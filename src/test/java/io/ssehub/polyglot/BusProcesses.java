package io.ssehub.polyglot;

import io.ssehub.testing.ProcessOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The example processes of examples/bus-processor, started as real {@code python3} and {@code node} processes. */
final class BusProcesses {

  private static final String DIR = "examples/bus-processor/";
  private static final long READY_MILLIS = 20_000;

  private final int bridgePort;
  private final List<ProcessOutput> started = new ArrayList<>();

  BusProcesses(int bridgePort) {
    this.bridgePort = bridgePort;
  }

  /** A Python processor of {@code stage}, once it says it serves it; {@code extra} are more arguments. */
  ProcessOutput python(String stage, String... extra) throws IOException, InterruptedException {
    return serving(stage, command(List.of("python3", DIR + "processor.py"), stage, extra));
  }

  /** A Node processor of {@code stage}, once it says it serves it. */
  ProcessOutput node(String stage, String... extra) throws IOException, InterruptedException {
    return serving(stage, command(List.of("node", DIR + "processor.mjs"), stage, extra));
  }

  /** Any other example script, with its arguments; not waited for. */
  ProcessOutput script(String script, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("python3", DIR + script, "--bridge", "127.0.0.1:" + bridgePort));
    command.addAll(List.of(arguments));
    return keep(ProcessOutput.start(command));
  }

  /** A processor that is refused: started, and waited for only as far as its first line. */
  ProcessOutput pythonUnready(String stage, String... extra) throws IOException {
    return keep(ProcessOutput.start(command(List.of("python3", DIR + "processor.py"), stage, extra)));
  }

  private List<String> command(List<String> program, String stage, String... extra) {
    List<String> command = new ArrayList<>(program);
    command.addAll(List.of("--bridge", "127.0.0.1:" + bridgePort, "--stage", stage, "--verbose"));
    command.addAll(List.of(extra));
    return command;
  }

  private ProcessOutput serving(String stage, List<String> command) throws IOException, InterruptedException {
    ProcessOutput process = keep(ProcessOutput.start(command));
    process.await(line -> line.startsWith("serving processor." + stage), READY_MILLIS);
    return process;
  }

  private ProcessOutput keep(ProcessOutput process) {
    started.add(process);
    return process;
  }

  void stopAll() throws InterruptedException {
    for (ProcessOutput process : started) {
      process.stop();
    }
  }
}
