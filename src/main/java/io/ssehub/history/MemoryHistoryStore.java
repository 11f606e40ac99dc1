package io.ssehub.history;

import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.config.HistoryConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * History in this node's memory: a bounded {@link TopicHistory} per topic. Ids come from this node's
 * clock ({@code <millis>-<seq>}). Events before the store started are gone, so a replay that reaches back
 * past the start, or past what the bounds let go of, names the topic in {@code gaps}. Idempotency keys are this
 * node's own too: a key is known to the node that stored it, for {@code history.maxAgeSeconds}, and at most the
 * newest {@value #MAX_KEYS} of them.
 */
public final class MemoryHistoryStore implements HistoryStore {

  private static final Logger LOG = LoggerFactory.getLogger(MemoryHistoryStore.class);

  /** Idempotency keys a node keeps at most, so that unique keys sent without end cannot fill its memory. */
  static final int MAX_KEYS = 100_000;

  private final HistoryConfig config;
  private final Map<String, TopicHistory> topics = new HashMap<>();
  /**
   * The idempotency keys seen within the history's age, with the id of the first publish of each, oldest first; at
   * most {@link #MAX_KEYS}, the oldest forgotten first beyond.
   */
  private final Map<String, Keyed> keys = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Keyed> eldest) {
      return size() > MAX_KEYS;
    }
  };
  private Consumer<HubEvent> deliver;
  private EventId lastId;
  private EventId forgottenBefore;

  private record Keyed(EventId id, long storedAt) {
  }

  public MemoryHistoryStore(HistoryConfig config) {
    this.config = config;
  }

  @Override
  public Future<Void> start(Vertx vertx, Consumer<HubEvent> deliver) {
    this.deliver = deliver;
    lastId = new EventId(System.currentTimeMillis(), 0);
    forgottenBefore = lastId;
    return Future.succeededFuture();
  }

  @Override
  public Future<Appended> append(Append append) {
    long now = System.currentTimeMillis();
    String key = append.isTransient() ? null : append.scopedKey();
    Keyed first = key == null ? null : keys.get(key);
    if (first != null && first.storedAt() >= now - config.maxAgeMillis()) {
      return Future.succeededFuture(new Appended(first.id(), true));
    }
    lastId = lastId.next(now);
    if (key != null) {
      keys.remove(key);
      keys.put(key, new Keyed(lastId, now));
    }
    HubEvent event = new HubEvent(lastId, append.topics(), append.event(), append.data());
    if (!append.isTransient()) {
      for (String topic : append.topics()) {
        topics.computeIfAbsent(topic, name -> new TopicHistory(forgottenBefore))
          .append(event, now, config.maxEvents());
      }
    }
    deliver.accept(event);
    return Future.succeededFuture(new Appended(event.id(), false));
  }

  @Override
  public Future<Replay> replay(List<String> names, EventId after) {
    EventId from = after == null ? EventId.ZERO : after;
    Map<EventId, HubEvent> events = new TreeMap<>();
    List<String> gaps = new ArrayList<>();
    long oldestKept = System.currentTimeMillis() - config.maxAgeMillis();
    for (String name : names) {
      TopicHistory history = topics.get(name);
      if (history != null) {
        history.expire(oldestKept);
      }
      EventId lowWatermark = history == null ? forgottenBefore : history.lowWatermark();
      if (after == null || from.compareTo(lowWatermark) < 0) {
        gaps.add(name);
      }
      if (history != null) {
        history.after(from).forEach(event -> events.put(event.id(), event));
      }
    }
    return Future.succeededFuture(new Replay(List.copyOf(events.values()), gaps));
  }

  @Override
  public Future<Page> read(String topic, EventId after, int limit) {
    TopicHistory history = topics.get(topic);
    if (history != null) {
      history.expire(System.currentTimeMillis() - config.maxAgeMillis());
    }
    if (after == null) {
      return Future.succeededFuture(new Page(history == null ? List.of() : history.newest(limit), false));
    }
    EventId lowWatermark = history == null ? forgottenBefore : history.lowWatermark();
    List<HubEvent> events = history == null ? List.of() : history.after(after);
    return Future.succeededFuture(new Page(List.copyOf(events.subList(0, Math.min(limit, events.size()))),
      after.compareTo(lowWatermark) < 0));
  }

  @Override
  public Future<Figures> figures(String topic) {
    TopicHistory history = topics.get(topic);
    if (history != null) {
      history.expire(System.currentTimeMillis() - config.maxAgeMillis());
    }
    return Future.succeededFuture(history == null ? new Figures(null, 0) : new Figures(history.lastId(), history.size()));
  }

  @Override
  public void expire() {
    long oldestKept = System.currentTimeMillis() - config.maxAgeMillis();
    Iterator<Keyed> oldestFirst = keys.values().iterator();
    while (oldestFirst.hasNext() && oldestFirst.next().storedAt() < oldestKept) {
      oldestFirst.remove();
    }
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

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }
}
