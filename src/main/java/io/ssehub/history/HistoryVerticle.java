package io.ssehub.history;

import io.micrometer.core.instrument.Counter;
import io.ssehub.bus.Addresses;
import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.config.HistoryConfig;
import io.ssehub.metrics.HubMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every published event its id, keeps a bounded history per topic, and publishes the event to
 * the topic's address. Run one per history (one per node, or one per cluster when nodes share it).
 *
 * <p>Consumes {@link Addresses#PUBLISH} and {@link Addresses#REPLAY}; publishes to
 * {@code hub.topic.<name>}. Config: the {@code history} section.
 *
 * <p>Ids grow across all topics and restarts ({@code <millis>-<seq>}). Events before this verticle
 * started are gone, so a replay that reaches back past the start, or past what the bounds let go of,
 * names the topic in {@code gaps}.
 *
 * <p>Meter: {@code ssehub.events.published}, counted here because this is where each event gets its one id.
 */
public class HistoryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryVerticle.class);
  static final int BAD_REQUEST = 400;
  /** The meter name of the published-events counter; the monitor reads its rate. */
  public static final String PUBLISHED = "ssehub.events.published";

  private final HistoryConfig config;
  private final HubMetrics metrics;
  private Counter published;
  private final Map<String, TopicHistory> topics = new HashMap<>();
  private EventId lastId;
  private EventId forgottenBefore;

  public HistoryVerticle(HistoryConfig config, HubMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    lastId = new EventId(System.currentTimeMillis(), 0);
    forgottenBefore = lastId;
    published = metrics.counter(PUBLISHED, "Events given an id and published to their topic by this node's "
      + "history role (transient ones too)");
    vertx.setPeriodic(config.sweepMillis(), tick -> expireOldEvents());
    return Future.join(
      vertx.eventBus().consumer(Addresses.PUBLISH, this::publish).completion(),
      vertx.eventBus().consumer(Addresses.REPLAY, this::replay).completion());
  }

  private void publish(Message<JsonObject> message) {
    JsonObject body = message.body();
    String topic = body == null ? null : body.getString("topic");
    Object data = body == null ? null : body.getValue("data");
    if (topic == null || topic.isEmpty() || !(data instanceof String)) {
      message.fail(BAD_REQUEST, "a publish needs a topic and string data");
      return;
    }
    long now = System.currentTimeMillis();
    lastId = lastId.next(now);
    HubEvent event = new HubEvent(lastId, topic, body.getString("event"), (String) data);
    if (!body.getBoolean("transient", false)) {
      topics.computeIfAbsent(topic, name -> new TopicHistory(forgottenBefore))
        .append(event, now, config.maxEvents());
    }
    vertx.eventBus().publish(Addresses.topic(topic), event.toJson());
    published.increment();
    message.reply(new JsonObject().put("id", event.id().toString()).put("topic", topic));
  }

  private void replay(Message<JsonObject> message) {
    JsonArray names = message.body().getJsonArray("topics", new JsonArray());
    EventId after = EventId.parse(message.body().getString("lastEventId"));
    EventId from = after == null ? EventId.ZERO : after;
    List<HubEvent> events = new ArrayList<>();
    JsonArray gaps = new JsonArray();
    long oldestKept = System.currentTimeMillis() - config.maxAgeMillis();
    for (Object name : names) {
      TopicHistory history = topics.get(String.valueOf(name));
      if (history != null) {
        history.expire(oldestKept);
      }
      EventId lowWatermark = history == null ? forgottenBefore : history.lowWatermark();
      if (after == null || from.compareTo(lowWatermark) < 0) {
        gaps.add(name);
      }
      if (history != null) {
        events.addAll(history.after(from));
      }
    }
    events.sort(Comparator.comparing(HubEvent::id));
    JsonArray encoded = new JsonArray();
    events.forEach(event -> encoded.add(event.toJson()));
    message.reply(new JsonObject().put("events", encoded).put("gaps", gaps));
  }

  private void expireOldEvents() {
    long oldestKept = System.currentTimeMillis() - config.maxAgeMillis();
    int before = topics.size();
    topics.values().removeIf(history -> {
      history.expire(oldestKept);
      if (history.isEmpty() && history.lowWatermark().isAfter(forgottenBefore)) {
        forgottenBefore = history.lowWatermark();
      }
      return history.isEmpty();
    });
    if (topics.size() < before) {
      LOG.debug("History dropped {} topics whose events all expired", before - topics.size());
    }
  }
}
