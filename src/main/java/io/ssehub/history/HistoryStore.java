package io.ssehub.history;

import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where topic history lives: it gives each published event its id, keeps it for replay, and hands
 * every stored event to the node in id order. Ids grow across all topics of a store, so that "everything
 * after id X" is well defined for a stream of several topics.
 *
 * <p>The methods are called on the history verticle's context, and {@code deliver} is called there too.
 */
public interface HistoryStore {

  /**
   * One publish: {@code writerLease} (may be null) is the Redis bridge's writer lease and {@code writerPosition}
   * the message's position on its channel ({@code <marker>:<count>}); a store shared by the nodes stores the event
   * only while that lease is held and only once per position, so that each channel message is stored once.
   * {@code topics}: one or more, distinct; the event gets one id and is kept in the history of each.
   * {@code idempotencyKey} (may be null): a second publish with the same key to the same set of topics within the
   * history's age ({@code history.maxAgeSeconds}) is not stored or delivered again; it is answered with the first
   * one's id.
   */
  record Append(List<String> topics, String event, String data, boolean isTransient, String writerLease,
    String writerPosition, String idempotencyKey) {

    public Append {
      topics = List.copyOf(topics);
    }

    /** The idempotency key within its topic set: the same key to other topics is another key. */
    String scopedKey() {
      return idempotencyKey == null ? null : String.join(",", topics.stream().sorted().toList()) + "|" + idempotencyKey;
    }
  }

  /**
   * What became of an append: the event's id, and whether it was a duplicate (not stored or delivered now): of an
   * earlier publish with the same idempotency key, whose id it is, or a bridged message stored already (id null).
   */
  record Appended(EventId id, boolean duplicate) {
  }

  /**
   * The retained events after an id, oldest first, each once however many of the asked topics it has, and the topics
   * whose history no longer reaches back to it.
   */
  record Replay(List<HubEvent> events, List<String> gaps) {
  }

  /**
   * A page of one topic's retained events, oldest first, and whether the history no longer reaches back to the id
   * asked for (as a stream's {@code reset} event says).
   */
  record Page(List<HubEvent> events, boolean reset) {
  }

  /** One topic's retained events: how many, and the newest one's id (null when none). */
  record Figures(EventId lastEventId, int retained) {
  }

  /**
   * True when every node runs its own copy of this store over shared data and hands every stored event to
   * its own node: then events go to the local bus only, so that a clustered bus does not carry each one once
   * per node.
   */
  default boolean deliversOnEveryNode() {
    return false;
  }

  /** Starts the store; from now on every event it stores, from any node sharing it, reaches {@code deliver}. */
  Future<Void> start(Vertx vertx, Consumer<HubEvent> deliver);

  /** Stores the event (a transient one only gets an id) and completes with its id, or the duplicate it is. */
  Future<Appended> append(Append append);

  /** The events of {@code topics} after {@code after}; a null {@code after} (a malformed id) is a gap for every topic. */
  Future<Replay> replay(List<String> topics, EventId after);

  /**
   * Up to {@code limit} retained events of one topic: the first ones after {@code after}, or the newest ones when
   * {@code after} is null.
   */
  Future<Page> read(String topic, EventId after, int limit);

  Future<Figures> figures(String topic);

  /** Lets go of events older than the configured age; called periodically. */
  void expire();

  Future<Void> stop();
}
