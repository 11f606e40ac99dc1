package io.ssehub.gateway;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.HubEvent;
import io.ssehub.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The node's single event-bus consumer per topic. Each message is encoded once per view in use, and
 * the same bytes go to every local stream, with one task per event and event loop that has streams on it.
 *
 * <p>Streams are grouped by their gateway instance's context ({@link StreamServices}), not by the duplicate
 * context of the request that opened them. Each event is framed once per view in the form that
 * {@code gateway.wire} writes ({@link SseWire#share}).
 *
 * <p>Owner and thread: the verticle that calls {@link #start} owns the fanout, and all bookkeeping happens on
 * that verticle's context from then on: the history verticle on a node that runs the history role (so an event
 * this node's history publishes is taken in on the thread that published it), else the node's
 * {@code FanoutVerticle}. Each loop is handed the array of its streams as it was when the message arrived
 * ({@link LoopStreams}), so a loop never reads a structure that the fanout is changing. An event of several topics
 * reaches each stream once, however many of its topics the stream follows. Answers
 * {@link Addresses#NODE_STATS} (node-local) and {@link Addresses#fanoutSubscribers} (this node's streams of one topic)
 * on its own context.
 */
public final class TopicFanout {

  private static final SseStream[] NO_STREAMS = new SseStream[0];
  /** How many events of several topics the fanout remembers having spread, to drop their other messages. */
  private static final int RECENT_SPREAD = 4096;

  private final Vertx vertx;
  private final GatewayConfig gateway;
  private volatile Context context;
  private volatile Thread loopThread;
  private final Map<String, Subscribers> topics = new HashMap<>();
  private final Set<String> recentlySpread = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > RECENT_SPREAD;
    }
  });

  private final NodeGauges gauges;
  private final String nodeId;

  private static final class Subscribers {
    private final Map<SseView, Map<Context, LoopStreams<SseStream>>> byView = new HashMap<>();
    private MessageConsumer<JsonObject> consumer;
    private Future<Void> ready;
    private int count;
  }

  /** A fanout that frames events for the wire that {@code gateway} names; it serves streams once started. */
  public TopicFanout(Vertx vertx, NodeGauges gauges, GatewayConfig gateway) {
    this(vertx, gauges, gateway, UUID.randomUUID().toString());
  }

  /** As above, answering {@link Addresses#fanoutSubscribers} as node {@code nodeId} (its cluster node id). */
  public TopicFanout(Vertx vertx, NodeGauges gauges, GatewayConfig gateway, String nodeId) {
    this.vertx = vertx;
    this.gauges = gauges;
    this.gateway = gateway;
    this.nodeId = nodeId;
  }

  /** The id under which this fanout answers {@link Addresses#fanoutSubscribers}. */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Makes the calling verticle's context, {@code owner}, the fanout's own, and answers {@link Addresses#NODE_STATS}
   * there; call once, from the owner's {@code start()}. Completes when the stats consumer is registered.
   */
  public Future<Void> start(Context owner) {
    if (context != null) {
      return Future.failedFuture("The node's topic fanout is started once, by its owner; it already runs");
    }
    context = owner;
    loopThread = Thread.currentThread();
    return Future.join(
        vertx.eventBus()
          .<JsonObject>localConsumer(Addresses.NODE_STATS, message -> message.reply(gauges.toJson(this)))
          .completion(),
        vertx.eventBus()
          .<JsonObject>consumer(Addresses.fanoutSubscribers(nodeId), this::countSubscribers)
          .completion())
      .mapEmpty();
  }

  private void countSubscribers(Message<JsonObject> message) {
    Subscribers subscribers = topics.get(message.body().getString("topic", ""));
    message.reply(new JsonObject().put("subscribers", subscribers == null ? 0 : subscribers.count));
  }

  /** Adds the stream to each topic; completes once every topic's consumer is registered. */
  Future<Void> subscribe(List<String> names, SseStream stream) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> Future.all(names.stream().map(name -> add(name, stream)).toList())
      .<Void>mapEmpty()
      .onComplete(done));
    return done.future();
  }

  void unsubscribe(List<String> names, SseStream stream) {
    context.runOnContext(v -> names.forEach(name -> remove(name, stream)));
  }

  int topicCount() {
    return topics.size();
  }

  /** Read on the fanout's own loop only (see {@link #onOwnLoop}). */
  int consumerCount() {
    onOwnLoop();
    return (int) topics.values().stream().filter(subscribers -> subscribers.consumer != null).count();
  }

  /** The number of tasks that one event on every topic would take: a task per topic, view and event loop. */
  int taskCount() {
    onOwnLoop();
    return topics.values().stream()
      .mapToInt(subscribers -> subscribers.byView.values().stream().mapToInt(Map::size).sum())
      .sum();
  }

  /**
   * The maps are changed on the fanout's context only, so they are read there too: iterated on another thread
   * while a stream subscribes, a HashMap can throw, and the stats request would go unanswered.
   */
  private void onOwnLoop() {
    if (Thread.currentThread() != loopThread) {
      throw new IllegalStateException("The topic fanout is read on its own event loop only");
    }
  }

  private Future<Void> add(String name, SseStream stream) {
    Subscribers subscribers = topics.computeIfAbsent(name, this::listen);
    subscribers.byView
      .computeIfAbsent(stream.view(), view -> new HashMap<>())
      .computeIfAbsent(stream.context(), loop -> new LoopStreams<>(NO_STREAMS))
      .add(stream);
    subscribers.count++;
    return subscribers.ready;
  }

  private Subscribers listen(String name) {
    Subscribers subscribers = new Subscribers();
    subscribers.consumer = vertx.eventBus().consumer(Addresses.topic(name), message -> deliver(subscribers, message));
    subscribers.ready = subscribers.consumer.completion();
    return subscribers;
  }

  private void remove(String name, SseStream stream) {
    Subscribers subscribers = topics.get(name);
    if (subscribers == null) {
      return;
    }
    Context loop = stream.context();
    Map<Context, LoopStreams<SseStream>> loops = subscribers.byView.get(stream.view());
    LoopStreams<SseStream> streams = loops == null ? null : loops.get(loop);
    if (streams == null || !streams.remove(stream)) {
      return;
    }
    if (streams.isEmpty()) {
      loops.remove(loop);
    }
    if (loops.isEmpty()) {
      subscribers.byView.remove(stream.view());
    }
    if (--subscribers.count == 0) {
      subscribers.consumer.unregister();
      topics.remove(name);
    }
  }

  private void deliver(Subscribers subscribers, Message<JsonObject> message) {
    HubEvent event = HubEvent.fromJson(message.body());
    if (event.hasSeveralTopics()) {
      deliverOnce(event);
      return;
    }
    subscribers.byView.forEach((view, loops) -> {
      SharedFrame frame = SseWire.share(gateway, view.encode(event));
      loops.forEach((loop, streams) -> {
        SseStream[] snapshot = streams.snapshot();
        loop.runOnContext(v -> writeAll(snapshot, event, frame));
      });
    });
  }

  /**
   * An event of several topics comes once on each topic's address: the first of its messages takes it to every
   * stream of any of its topics, each stream once, and the others are dropped.
   */
  private void deliverOnce(HubEvent event) {
    if (!recentlySpread.add(event.id() + " " + event.topics())) {
      return;
    }
    Map<SseView, Map<Context, Set<SseStream>>> streamsByView = new HashMap<>();
    for (String topic : event.topics()) {
      Subscribers subscribers = topics.get(topic);
      if (subscribers != null) {
        subscribers.byView.forEach((view, loops) -> loops.forEach((loop, streams) -> Collections.addAll(
          streamsByView.computeIfAbsent(view, v -> new HashMap<>()).computeIfAbsent(loop, l -> new LinkedHashSet<>()),
          streams.snapshot())));
      }
    }
    streamsByView.forEach((view, loops) -> {
      SharedFrame frame = SseWire.share(gateway, view.encode(event));
      loops.forEach((loop, streams) -> {
        SseStream[] snapshot = streams.toArray(NO_STREAMS);
        loop.runOnContext(v -> writeAll(snapshot, event, frame));
      });
    });
  }

  private void writeAll(SseStream[] streams, HubEvent event, SharedFrame frame) {
    int written = 0;
    for (SseStream stream : streams) {
      if (stream.deliver(event, frame)) {
        written++;
      }
    }
    gauges.eventsDelivered.add(written);
  }
}
