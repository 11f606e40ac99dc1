package io.ssehub.history;

import io.micrometer.core.instrument.Counter;
import io.ssehub.bus.Addresses;
import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.config.HistoryConfig;
import io.ssehub.gateway.TopicFanout;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.node.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * Gives every published event its id, keeps it in the node's {@link HistoryStore}, and publishes each
 * stored event to the topic's address. Run one per node. With the in-memory store the history is the
 * node's own; with the Redis Streams store every node shares it, so a client resumes on any node.
 *
 * <p>Consumes {@link Addresses#PUBLISH} ({@code {topic | topics, event?, data, transient?, writer?, position?, idempotencyKey?}}), the
 * same on the node-local {@link Addresses#PUBLISH_LOCAL} (which this node's {@link Publisher} prefers), and
 * {@link Addresses#REPLAY}, {@link Addresses#HISTORY_EVENTS} and {@link Addresses#HISTORY_INFO} (each also node-local);
 * publishes to {@code hub.topic.<name>}.
 * Config: the {@code history} section (and {@code redis}, through the store), and {@code limits.maxEventBytes}:
 * larger data fails with 413.
 *
 * <p>Meter: {@code ssehub.events.published}, counted here because this is where each event gets its one id.
 *
 * <p>Owns the node's {@link TopicFanout}: it starts the fanout on its own context, so the topic events it publishes
 * reach this node's streams from the thread that published them.
 */
public class HistoryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryVerticle.class);
  static final int BAD_REQUEST = 400;
  static final int UNAVAILABLE = 503;
  static final int TOO_LARGE = 413;
  /** The meter name of the published-events counter; the monitor reads its rate. */
  public static final String PUBLISHED = "ssehub.events.published";
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final HistoryConfig config;
  private final HistoryStore store;
  private final HubMetrics metrics;
  private final TopicFanout fanout;
  private final DeliveryOptions delivery;
  private final int maxEventBytes;
  private Counter published;

  /** The {@code history} section, the store it chose, and the node's context (meters, fanout, limits). */
  public HistoryVerticle(HistoryConfig config, HistoryStore store, NodeContext node) {
    this.config = config;
    this.maxEventBytes = node.config().limits().maxEventBytes();
    this.store = store;
    this.metrics = node.metrics();
    this.fanout = node.fanout();
    this.delivery = new DeliveryOptions().setLocalOnly(store.deliversOnEveryNode());
  }

  @Override
  public Future<?> start() {
    published = metrics.counter(PUBLISHED, "Events given an id and published to their topic by this node's "
      + "history role (transient ones too)");
    vertx.setPeriodic(config.sweepMillis(), tick -> store.expire());
    return fanout.start(context)
      .compose(v -> store.start(vertx, this::deliver))
      .compose(v -> Future.join(List.of(
        vertx.eventBus().consumer(Addresses.PUBLISH, this::publish).completion(),
        vertx.eventBus().localConsumer(Addresses.PUBLISH_LOCAL, this::publish).completion(),
        vertx.eventBus().consumer(Addresses.REPLAY, this::replay).completion(),
        vertx.eventBus().localConsumer(Addresses.REPLAY_LOCAL, this::replay).completion(),
        vertx.eventBus().consumer(Addresses.HISTORY_EVENTS, this::read).completion(),
        vertx.eventBus().localConsumer(Addresses.HISTORY_EVENTS_LOCAL, this::read).completion(),
        vertx.eventBus().consumer(Addresses.HISTORY_INFO, this::figures).completion(),
        vertx.eventBus().localConsumer(Addresses.HISTORY_INFO_LOCAL, this::figures).completion())))
      .onSuccess(v -> Publisher.localHistory(vertx, true));
  }

  @Override
  public Future<?> stop() {
    Publisher.localHistory(vertx, false);
    return store.stop();
  }

  /**
   * Once on each topic's address: a node with streams on several of them hands the event to each stream once. An
   * event of the node's warm-up topics stays on this node.
   */
  private void deliver(HubEvent event) {
    DeliveryOptions options = Topics.warmUpOnly(event.topics()) ? LOCAL_ONLY : delivery;
    for (String topic : event.topics()) {
      vertx.eventBus().publish(Addresses.topic(topic), event.toJson(topic), options);
    }
  }

  private void publish(Message<JsonObject> message) {
    JsonObject body = message.body();
    List<String> topics = body == null ? List.of() : topicsOf(body);
    Object data = body == null ? null : body.getValue("data");
    if (topics.isEmpty() || !(data instanceof String)) {
      message.fail(BAD_REQUEST, "a publish needs a topic or a list of topics (not both) and string data");
      return;
    }
    int size = utf8Length((String) data);
    if (size > maxEventBytes) {
      message.fail(TOO_LARGE, "The event's data is " + size + " bytes, more than this hub's limit of " + maxEventBytes
        + " (limits.maxEventBytes); send a smaller one.");
      return;
    }
    Object key = body.getValue("idempotencyKey");
    if (key != null && !(key instanceof String)) {
      message.fail(BAD_REQUEST, "an idempotencyKey is a string");
      return;
    }
    // The warm-up's events (a node's own topics, see WarmUp) get an id but are never stored.
    boolean isTransient = body.getBoolean("transient", false) || Topics.warmUpOnly(topics);
    HistoryStore.Append append = new HistoryStore.Append(topics, body.getString("event"), (String) data, isTransient, body.getString("writer"), body.getString("position"), (String) key);
    store.append(append)
      .onSuccess(appended -> {
        if (!appended.duplicate() || appended.id() == null) {
          published.increment();
        }
      })
      .onSuccess(appended -> message.reply(new JsonObject()
        .put("id", appended.id() == null ? null : appended.id().toString())
        .put("topic", topics.get(0))
        .put("topics", new JsonArray(topics))
        .put("duplicate", appended.duplicate())))
      .onFailure(failure -> message.fail(UNAVAILABLE, "The history store is unavailable (" + failure.getMessage()
        + "); try again shortly."));
  }

  /**
   * {@code topics} (distinct non-empty strings, in order) or the one {@code topic}; empty when neither is there, both
   * are (the bridge checks {@code topic} alone against a token, so a body must not name others beside it), or one of
   * them is not a non-empty string.
   */
  private static List<String> topicsOf(JsonObject body) {
    Object several = body.getValue("topics");
    if (several != null && body.containsKey("topic")) {
      return List.of();
    }
    List<Object> named = several instanceof JsonArray array ? array.getList() : Arrays.asList(body.getValue("topic"));
    if (named.isEmpty() || !named.stream().allMatch(name -> name instanceof String text && !text.isEmpty())) {
      return List.of();
    }
    return named.stream().map(String.class::cast).distinct().toList();
  }

  /** UTF-8 bytes of the text, counted without encoding it. */
  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The gateway checks topic, id and limit; a request that is still wrong here fails with 400. */
  private void read(Message<JsonObject> message) {
    String topic = message.body().getString("topic");
    String after = message.body().getString("after");
    EventId afterId = after == null ? null : EventId.parse(after);
    int limit = message.body().getInteger("limit", 100);
    if (topic == null || after != null && afterId == null || limit < 1) {
      message.fail(BAD_REQUEST, "a history read needs a topic, a limit of at least 1 and, if any, a valid after id");
      return;
    }
    store.read(topic, afterId, limit)
      .onSuccess(page -> {
        JsonArray events = new JsonArray();
        page.events().forEach(event -> events.add(new JsonObject()
          .put("id", event.id().toString())
          .put("event", event.event())
          .put("data", event.data())));
        message.reply(new JsonObject().put("events", events).put("reset", page.reset()));
      })
      .onFailure(failure -> unavailable(message, failure));
  }

  private void figures(Message<JsonObject> message) {
    String topic = message.body().getString("topic");
    if (topic == null) {
      message.fail(BAD_REQUEST, "topic figures need a topic");
      return;
    }
    store.figures(topic)
      .onSuccess(figures -> message.reply(new JsonObject()
        .put("lastEventId", figures.lastEventId() == null ? null : figures.lastEventId().toString())
        .put("retained", figures.retained())))
      .onFailure(failure -> unavailable(message, failure));
  }

  private static void unavailable(Message<JsonObject> message, Throwable failure) {
    LOG.debug("History read failed: {}", failure.getMessage());
    message.fail(UNAVAILABLE, "The history store is unavailable (" + failure.getMessage() + "); try again shortly.");
  }

  private void replay(Message<JsonObject> message) {
    List<String> names = message.body().getJsonArray("topics", new JsonArray()).stream().map(String::valueOf).toList();
    EventId after = EventId.parse(message.body().getString("lastEventId"));
    store.replay(names, after)
      .onSuccess(replay -> {
        JsonArray encoded = new JsonArray();
        replay.events().forEach(event -> encoded.add(event.toJson()));
        message.reply(new JsonObject().put("events", encoded).put("gaps", new JsonArray(replay.gaps())));
      })
      .onFailure(failure -> {
        LOG.debug("Replay failed: {}", failure.getMessage());
        message.fail(UNAVAILABLE, "The history store is unavailable: " + failure.getMessage());
      });
  }
}
