package io.ssehub.history;

import io.ssehub.bridge.Links;
import io.ssehub.bridge.Outage;
import io.ssehub.bridge.RedisClients;
import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.config.HistoryConfig;
import io.ssehub.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * History in one Redis Stream ({@code redis.streamKey}) shared by every node, so that a client resumes
 * with {@code Last-Event-ID} on any node, also after its node died.
 *
 * <p>Ids: the script {@code redis/publish.lua} gives each stored event {@code <ms>-<seq>} from the Redis
 * server's clock, in one sequence for all topics, so ids compare across topics and nodes. A second event
 * in the same millisecond gets {@code seq + 2^32}: the room below the next stored id is where this node
 * numbers its transient events ({@code <last stored id> + k}), which are never stored.
 *
 * <p>Delivery: every node reads the stream ({@link RedisStreamTail}) and publishes each entry on its own
 * bus, so every node sees every stored event once, in id order. A bridged Redis message carries the bridge's
 * writer lease and its position on its channel; it is stored only while that lease is held and only if no message
 * at or after that position is stored yet, so each channel message is stored once. Mirrored topics are published
 * to their Redis channel by the script. An event of several topics is one entry, with its topics in a
 * {@code topics} field (JSON array) beside {@code topic}, the first one, which is all an entry of one topic has.
 *
 * <p>Idempotency: the script keeps each idempotency key (scoped to the event's topics) in its own key, with the id
 * of the first event published with it, for {@code history.maxAgeSeconds} ({@code SET NX PX}); a publish whose key
 * is held stores nothing and is answered with that id, on whichever node it arrives.
 *
 * <p>Gaps: a replay names every asked topic as a gap when the stream no longer holds the id asked for
 * (trimmed past it: {@code max-deleted-entry-id}), or never held it (the stream is gone, as after a
 * Redis restart without persistence). Trimming is per stream, not per topic.
 */
public final class RedisHistoryStore implements HistoryStore {

  private static final Logger LOG = LoggerFactory.getLogger(RedisHistoryStore.class);
  private static final long TRANSIENT_ROOM = 1L << 32;
  private static final String SCRIPT = readScript();

  private final HistoryConfig history;
  private final RedisConfig config;
  private final Links links;
  private final String origin;
  private final Set<String> mirrored;
  private Redis redis;
  private RedisStreamTail tail;
  private Outage outage;
  private Consumer<HubEvent> deliver;
  private Future<RedisConnection> writer;
  private EventId lastStored = EventId.ZERO;
  private EventId lastDelivered = EventId.ZERO;

  public RedisHistoryStore(HistoryConfig history, RedisConfig config, String origin, Links links) {
    this.links = links;
    this.history = history;
    this.config = config;
    this.origin = origin;
    this.mirrored = Set.copyOf(config.mirror());
  }

  static String clockKey(RedisConfig config) {
    return config.streamKey() + ":clock";
  }

  /** The key of the Redis bridges' writer lease: the token of the one bridge that stores channel messages. */
  public static String writerLeaseKey(RedisConfig config) {
    return config.streamKey() + ":writer";
  }

  /**
   * The key that holds the id of the first event published with an idempotency key (scoped to its topics) for
   * {@code history.maxAgeSeconds}.
   */
  static String idempotencyKey(RedisConfig config, String scopedKey) {
    return config.streamKey() + ":idempotency:" + scopedKey;
  }

  /** The hash of the position ({@code <marker>:<count>}) of the last bridged message stored, per channel. */
  static String bridgedKey(RedisConfig config) {
    return config.streamKey() + ":bridged";
  }

  @Override
  public boolean deliversOnEveryNode() {
    return true;
  }

  @Override
  public Future<Void> start(Vertx vertx, Consumer<HubEvent> deliver) {
    this.deliver = deliver;
    redis = RedisClients.create(vertx, config);
    outage = links.outage("redis", LOG, "The Redis history store at " + config.url(), config.reconnectMinMillis(),
      config.reconnectMaxMillis());
    tail = new RedisStreamTail(vertx, redis, config, links, this::stored, this::positioned);
    return tail.start();
  }

  @Override
  public Future<Appended> append(Append append) {
    if (append.isTransient()) {
      return Future.succeededFuture(new Appended(appendTransient(append), false));
    }
    boolean asWriter = append.writerLease() != null;
    String scopedKey = append.scopedKey();
    Request eval = Request.cmd(Command.EVAL).arg(SCRIPT).arg(5)
      .arg(config.streamKey())
      .arg(clockKey(config))
      .arg(writerLeaseKey(config))
      .arg(bridgedKey(config))
      .arg(scopedKey == null ? "" : idempotencyKey(config, scopedKey))
      .arg(config.streamMaxLen())
      .arg(append.topics().get(0))
      .arg(append.data())
      .arg(append.event() == null ? "" : append.event())
      .arg(append.event() == null ? "0" : "1")
      .arg(asWriter ? "1" : "0")
      .arg(asWriter ? append.writerLease() : "")
      .arg(origin)
      .arg(String.join("\n", mirroredOf(append.topics())))
      .arg(asWriter ? append.writerPosition() : "")
      .arg(append.topics().size() > 1 ? new JsonArray(append.topics()).encode() : "")
      .arg(history.maxAgeMillis());
    return write(eval)
      .map(RedisHistoryStore::appended)
      .onSuccess(id -> outage.recovered())
      .onFailure(outage::failed);
  }

  /** The script's answer: an id, an id and whether it is a duplicate's, or nothing (a bridged duplicate). */
  private static Appended appended(Response reply) {
    if (reply == null) {
      return new Appended(null, true);
    }
    if (reply.type() == ResponseType.MULTI) {
      return new Appended(EventId.parse(reply.get(0).toString()), "1".equals(reply.get(1).toString()));
    }
    return new Appended(EventId.parse(reply.toString()), false);
  }

  @Override
  public Future<Replay> replay(List<String> topics, EventId after) {
    return redis.send(Request.cmd(Command.XINFO).arg("STREAM").arg(config.streamKey()))
      .map(info -> info != null && !reachesBackTo(info, after))
      .recover(failure -> isMissingStream(failure) ? Future.succeededFuture(true) : Future.failedFuture(failure))
      .compose(gap -> redis.send(Request.cmd(Command.XRANGE).arg(config.streamKey())
          .arg(after == null ? "-" : "(" + after)
          .arg("+")
          .arg("COUNT").arg(config.streamMaxLen()))
        .map(entries -> new Replay(eventsOf(entries, topics), gap ? List.copyOf(topics) : List.of())));
  }

  /** Without {@code after}: the newest entries of the stream, read back to front as far as it holds. */
  @Override
  public Future<Page> read(String topic, EventId after, int limit) {
    if (after != null) {
      return replay(List.of(topic), after)
        .map(replay -> new Page(List.copyOf(replay.events().subList(0, Math.min(limit, replay.events().size()))),
          !replay.gaps().isEmpty()));
    }
    return newestFirst(topic).map(events -> {
      List<HubEvent> page = new ArrayList<>(events.subList(0, Math.min(limit, events.size())));
      Collections.reverse(page);
      return new Page(page, false);
    });
  }

  @Override
  public Future<Figures> figures(String topic) {
    return newestFirst(topic)
      .map(events -> new Figures(events.isEmpty() ? null : events.get(0).id(), events.size()));
  }

  /** The topic's events in the stream, newest first. */
  private Future<List<HubEvent>> newestFirst(String topic) {
    return redis.send(Request.cmd(Command.XREVRANGE).arg(config.streamKey()).arg("+").arg("-")
        .arg("COUNT").arg(config.streamMaxLen()))
      .map(entries -> eventsOf(entries, List.of(topic)));
  }

  @Override
  public void expire() {
    long oldestKept = System.currentTimeMillis() - history.maxAgeMillis();
    redis.send(Request.cmd(Command.XTRIM).arg(config.streamKey()).arg("MINID").arg("~").arg(oldestKept + "-0"))
      .onFailure(failure -> LOG.debug("History stream not trimmed: {}", failure.getMessage()));
  }

  @Override
  public Future<Void> stop() {
    tail.stop();
    return redis.close();
  }

  /**
   * Sends on the one write connection, so that events are stored in the order they were published (the
   * pool would spread them over several connections). A broken connection is dropped and the next write
   * opens a new one.
   */
  private Future<Response> write(Request request) {
    if (writer == null) {
      Future<RedisConnection> opening = redis.connect();
      writer = opening;
      opening.onSuccess(connection -> {
        connection.exceptionHandler(error -> dropWriter(opening));
        connection.endHandler(v -> dropWriter(opening));
      });
    }
    Future<RedisConnection> current = writer;
    return current.compose(connection -> connection.send(request))
      .onFailure(failure -> dropWriter(current));
  }

  private void dropWriter(Future<RedisConnection> broken) {
    if (writer == broken) {
      writer = null;
      broken.onSuccess(RedisConnection::close);
    }
  }

  private void stored(HubEvent event) {
    lastStored = event.id();
    if (event.id().isAfter(lastDelivered)) {
      lastDelivered = event.id();
    }
    deliver.accept(event);
  }

  private void positioned(EventId newest) {
    if (newest.isAfter(lastDelivered)) {
      lastStored = newest;
      lastDelivered = newest;
    }
  }

  private EventId appendTransient(Append append) {
    if (lastDelivered.sequence() - lastStored.sequence() < TRANSIENT_ROOM - 1
      || lastDelivered.millis() != lastStored.millis()) {
      lastDelivered = new EventId(lastDelivered.millis(), lastDelivered.sequence() + 1);
    }
    deliver.accept(new HubEvent(lastDelivered, append.topics(), append.event(), append.data()));
    for (String channel : mirroredOf(append.topics())) {
      write(Request.cmd(Command.PUBLISH).arg(channel).arg(append.data()))
        .onSuccess(count -> outage.recovered())
        .onFailure(outage::failed);
    }
    return lastDelivered;
  }

  private List<String> mirroredOf(List<String> topics) {
    return topics.stream().filter(mirrored::contains).toList();
  }

  /** True when nothing after {@code after} can have been lost from the stream. */
  private static boolean reachesBackTo(Response info, EventId after) {
    if (after == null) {
      return false;
    }
    var fields = RedisClients.pairs(info);
    EventId maxDeleted = EventId.parse(String.valueOf(fields.get("max-deleted-entry-id")));
    Response first = fields.get("first-entry");
    if (maxDeleted != null && !maxDeleted.equals(EventId.ZERO)) {
      return after.compareTo(maxDeleted) >= 0;
    }
    return first == null || after.compareTo(EventId.parse(first.get(0).toString())) >= 0;
  }

  private static boolean isMissingStream(Throwable failure) {
    return String.valueOf(failure.getMessage()).contains("no such key");
  }

  private static List<HubEvent> eventsOf(Response entries, List<String> topics) {
    Set<String> wanted = new HashSet<>(topics);
    List<HubEvent> events = new ArrayList<>();
    if (entries != null) {
      for (Response entry : entries) {
        HubEvent event = RedisStreamTail.entryToEvent(entry);
        if (event.topics().stream().anyMatch(wanted::contains)) {
          events.add(event);
        }
      }
    }
    return events;
  }

  private static String readScript() {
    try (InputStream in = RedisHistoryStore.class.getResourceAsStream("/redis/publish.lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
