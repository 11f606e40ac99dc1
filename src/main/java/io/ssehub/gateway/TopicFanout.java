package io.ssehub.gateway;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.HubEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's single event-bus consumer per topic. Each message is encoded once per view in use, and
 * the same bytes go to every local stream, with one task per event loop that has streams on it.
 *
 * <p>All bookkeeping happens on the fanout's own context; the per-loop stream sets are concurrent
 * because the loops read them while the fanout adds and removes.
 */
public final class TopicFanout {

  private final Vertx vertx;
  private final Context context;
  private final Map<String, Subscribers> topics = new HashMap<>();

  private static final class Subscribers {
    private final Map<SseView, Map<Context, Set<SseStream>>> byView = new ConcurrentHashMap<>();
    private MessageConsumer<JsonObject> consumer;
    private Future<Void> ready;
    private int count;
  }

  public TopicFanout(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
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

  int consumerCount() {
    return (int) topics.values().stream().filter(subscribers -> subscribers.consumer != null).count();
  }

  private Future<Void> add(String name, SseStream stream) {
    Subscribers subscribers = topics.computeIfAbsent(name, this::listen);
    subscribers.byView
      .computeIfAbsent(stream.view(), view -> new ConcurrentHashMap<>())
      .computeIfAbsent(stream.context(), loop -> ConcurrentHashMap.newKeySet())
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
    Map<Context, Set<SseStream>> loops = subscribers.byView.get(stream.view());
    Set<SseStream> streams = loops == null ? null : loops.get(stream.context());
    if (streams == null || !streams.remove(stream)) {
      return;
    }
    if (streams.isEmpty()) {
      loops.remove(stream.context());
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
    subscribers.byView.forEach((view, loops) -> {
      Buffer frame = view.encode(event);
      loops.forEach((loop, streams) -> loop.runOnContext(v -> {
        for (SseStream stream : streams) {
          stream.deliver(event.id(), frame);
        }
      }));
    });
  }
}
