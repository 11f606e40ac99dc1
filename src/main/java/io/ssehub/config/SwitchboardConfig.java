package io.ssehub.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Seed 000's callback pipeline: how long the switchboard waits for a result, how long a ticket from
 * {@code GET /q} waits to be collected, and the ordered processors a message passes through.
 *
 * @param windowMillis the answer window of {@code /ssec} (counted from the request's arrival at the gateway) and
 *   {@code /ssep}; after it the answer is {@code no_reply} (or {@code timed_out} on {@code /ssep})
 * @param replyGraceMillis how much longer than the window the gateway keeps listening for the switchboard's reply
 *   to a {@code /ssec} it has already answered {@code no_reply}, to count it as late; and how much longer than the
 *   window a {@code /ssep} waits for its ticket
 * @param ticketTtlMillis how long a ticket from {@code /q} keeps its result for a {@code /ssep} that has not come yet
 * @param maxPendingTickets open tickets per switchboard instance; beyond that {@code /ssec} answers {@code no_reply}
 *   at once and {@code /q} a 503
 * @param instances switchboard verticle instances on this node
 * @param warmUpCalls calls each switchboard instance sends through its own pipeline when it starts, before it is
 *   ready, so that the first real calls do not find the code cold; 0 for none
 * @param pipeline the processors in order; the first gets the message, the last answers the ticket
 */
public record SwitchboardConfig(
  long windowMillis,
  long replyGraceMillis,
  long ticketTtlMillis,
  int maxPendingTickets,
  int instances,
  int warmUpCalls,
  List<ProcessorSpec> pipeline) {

  /** Seed 000's pipeline: upper, then reverse, two instances each. */
  public static final List<ProcessorSpec> SEED_PIPELINE = List.of(
    ProcessorSpec.transform("upper", "upper", 2),
    ProcessorSpec.transform("reverse", "reverse", 2));

  static SwitchboardConfig from(ConfigReader reader) {
    long window = reader.integer("windowMillis", 50, 1, 60_000);
    return new SwitchboardConfig(
      window,
      reader.integer("replyGraceMillis", 50, 1, 60_000),
      reader.integer("ticketTtlMillis", 10_000, 1, 3_600_000),
      reader.integer("maxPendingTickets", 20_000, 1, 10_000_000),
      reader.integer("instances", 1, 1, 64),
      reader.integer("warmUpCalls", 500, 0, 100_000),
      pipeline(reader, window));
  }

  private static List<ProcessorSpec> pipeline(ConfigReader reader, long window) {
    if (!reader.has("pipeline")) {
      return SEED_PIPELINE;
    }
    List<ConfigReader> stages = reader.sections("pipeline");
    if (stages.isEmpty()) {
      throw reader.invalid("pipeline", "must list at least one processor, such as {\"name\": \"upper\", "
        + "\"transform\": \"upper\"}");
    }
    List<ProcessorSpec> pipeline = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < stages.size(); i++) {
      ProcessorSpec spec = ProcessorSpec.from(stages.get(i), i == stages.size() - 1, window);
      if (!names.add(spec.name())) {
        throw stages.get(i).invalid("name", "repeats the processor name \"" + spec.name()
          + "\"; give each stage of the pipeline its own name");
      }
      pipeline.add(spec);
    }
    return List.copyOf(pipeline);
  }
}
