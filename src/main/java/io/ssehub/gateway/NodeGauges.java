package io.ssehub.gateway;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide counts shared by every gateway instance and the fanout: what is open now, and what has
 * happened. They are how a test or an operator sees that closing a stream released everything.
 */
public final class NodeGauges {

  final AtomicInteger openStreams = new AtomicInteger();
  final AtomicInteger streamTimers = new AtomicInteger();
  final AtomicLong streamsOpened = new AtomicLong();
  final AtomicLong slowReadersCut = new AtomicLong();
  final LongAdder eventsDelivered = new LongAdder();
  final AtomicLong replays = new AtomicLong();
  final AtomicLong resets = new AtomicLong();
  final AtomicLong tokenExpiries = new AtomicLong();

  public int openStreams() {
    return openStreams.get();
  }

  public JsonObject toJson(TopicFanout fanout) {
    return new JsonObject()
      .put("openStreams", openStreams.get())
      .put("streamTimers", streamTimers.get())
      .put("topics", fanout.topicCount())
      .put("topicConsumers", fanout.consumerCount())
      .put("fanoutTasks", fanout.taskCount())
      .put("streamsOpened", streamsOpened.get())
      .put("slowReadersCut", slowReadersCut.get())
      .put("eventsDelivered", eventsDelivered.sum())
      .put("replays", replays.get())
      .put("resets", resets.get())
      .put("tokenExpiries", tokenExpiries.get());
  }
}
