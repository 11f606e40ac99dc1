package io.ssehub.gateway;

import io.ssehub.metrics.HubMetrics;

/**
 * Shows the node's {@link NodeGauges} and {@link TopicFanout} counts as Prometheus meters. The counts are
 * kept where they happen; these meters only read them at scrape time, so nothing is counted twice.
 */
public final class NodeMeters {

  private NodeMeters() {
  }

  public static void bind(HubMetrics metrics, NodeGauges gauges, TopicFanout fanout) {
    metrics.gauge("ssehub.streams.open", "SSE streams open on this node", gauges, g -> g.openStreams.get());
    metrics.gauge("ssehub.topics", "Topics with subscribers on this node (read without locking, may lag a moment)",
      fanout, TopicFanout::topicCount);
    metrics.countOf("ssehub.streams.opened", "SSE streams opened on this node", gauges,
      g -> g.streamsOpened.get());
    metrics.countOf("ssehub.events.delivered", "Hub events written to SSE streams on this node, live and replayed",
      gauges, g -> g.eventsDelivered.sum());
    metrics.countOf("ssehub.slow.consumers.dropped", "Streams cut off because their client did not read fast "
      + "enough or their replay backlog was full", gauges, g -> g.slowReadersCut.get());
    metrics.countOf("ssehub.history.replays", "Streams opened with a Last-Event-ID that asked for a replay", gauges,
      g -> g.replays.get());
    metrics.countOf("ssehub.history.resets", "Replays that sent reset notices because history no longer "
      + "reached back far enough", gauges, g -> g.resets.get());
    metrics.countOf("ssehub.streams.token.expired", "Streams ended because the token that opened them expired",
      gauges, g -> g.tokenExpiries.get());
  }
}
