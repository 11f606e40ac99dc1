package io.ssehub.mercure;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.EventId;
import io.ssehub.bus.HubEvent;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteKit;
import io.ssehub.gateway.StreamServices;
import io.ssehub.gateway.StreamSpec;
import io.ssehub.security.PrivateTopics;
import io.ssehub.sse.SseFrames;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Opens a Mercure subscriber's stream on the hub's own streams ({@link StreamServices}): it follows
 * {@link MercureUpdate#FEED} and the public hub topics that its exact matchers name ({@code match=alerts} also gets
 * what {@code POST /topics/alerts} publishes), shows events with {@link MercureView}, and takes an update only when
 * one of its matchers matches one of the update's topics and, for a private update, the token's grant covers one of
 * them: live and replayed alike.
 *
 * <p>Reconciliation: a cursor ({@code Last-Event-ID} or {@code last_event_id}) is looked up in the history the node
 * has (memory or Redis) among the retained events of the stream's topics; the stream then replays what followed it,
 * and answers {@code Mercure-Last-Event-ID} with the cursor (or {@code earliest} when that event is a private one the
 * token does not cover). {@code earliest} replays everything retained. A hub id ({@code #<id>}) of an event outside the
 * stream's topics, within what the history holds, replays what followed it, with {@code earliest} in the header. A
 * cursor the history no longer holds (or never held) replays everything retained too, after a {@code reset} event without an id that says so, and the header is
 * {@code earliest}, as the specification asks when the hub cannot find the event.
 */
final class MercureStreams {

  static final String LAST_EVENT_ID_HEADER = "Mercure-Last-Event-ID";
  static final String EARLIEST = "earliest";
  private static final String BEFORE_ALL = "0-0";

  private final Vertx vertx;
  private final StreamServices streams;
  private final MercureAnswers answers;
  private final DeliveryOptions options;

  MercureStreams(RouteKit kit, MercureAnswers answers) {
    this.vertx = kit.vertx();
    this.streams = kit.streams();
    this.answers = answers;
    this.options = new DeliveryOptions().setSendTimeout(kit.requestTimeoutMillis());
  }

  void open(RoutingContext ctx, SubscribeQuery query, MercureGrant grant, List<String> exactMatches) {
    List<String> topics = new ArrayList<>(List.of(MercureUpdate.FEED));
    exactMatches.stream()
      .filter(topic -> Topics.isValidName(topic) && PrivateTopics.owner(topic) == null)
      .forEach(topics::add);
    StreamSpec spec = StreamSpec.of(topics, streams.keepAliveMillis())
      .view(MercureView.INSTANCE)
      .admitting(admits(query, grant))
      .withoutResets();
    String cursor = query.lastEventId();
    if (cursor == null) {
      streams.open(ctx, spec);
    } else if (cursor.equals(EARLIEST)) {
      openFrom(ctx, spec.lastEventId(BEFORE_ALL), EARLIEST);
    } else {
      resume(ctx, spec, cursor, grant, admits(query, grant));
    }
  }

  private static Predicate<HubEvent> admits(SubscribeQuery query, MercureGrant grant) {
    return event -> {
      if (!MercureUpdate.isFeed(event)) {
        return true;
      }
      MercureUpdate update = MercureUpdate.from(event);
      return update != null && query.matchesAny(update.topics()) && visible(update, grant);
    };
  }

  private static boolean visible(MercureUpdate update, MercureGrant grant) {
    return !update.isPrivate() || grant.maySee(update.topics());
  }

  /** Finds the cursor among the retained events of the stream's topics, then opens the stream after it. */
  private void resume(RoutingContext ctx, StreamSpec spec, String cursor, MercureGrant grant,
                      Predicate<HubEvent> admitted) {
    JsonObject request = new JsonObject()
      .put("topics", new JsonArray(spec.topics()))
      .put("lastEventId", BEFORE_ALL);
    vertx.eventBus()
      .<JsonObject>request(Publisher.hasLocalHistory(vertx) ? Addresses.REPLAY_LOCAL : Addresses.REPLAY, request,
        options)
      .onSuccess(reply -> {
        JsonArray events = reply.body().getJsonArray("events");
        HubEvent found = find(events, cursor);
        EventId hubId = hubIdOf(cursor);
        if (found == null && hubId != null && withinHistory(events, hubId)) {
          openFrom(ctx, spec.lastEventId(hubId.toString()), EARLIEST);
        } else if (found == null) {
          openFrom(ctx, spec.lastEventId(BEFORE_ALL).greeting(reset(cursor)), EARLIEST);
        } else {
          MercureUpdate update = MercureUpdate.isFeed(found) ? MercureUpdate.from(found) : null;
          boolean shown = update == null || visible(update, grant);
          openFrom(ctx, spec.lastEventId(found.id().toString()), shown ? cursor : lastShownBefore(events, found, admitted));
        }
      })
      .onFailure(failure -> {
        if (!ctx.response().closed()) {
          HttpReplies.busFailure(ctx, "history", failure);
        }
      });
  }

  private void openFrom(RoutingContext ctx, StreamSpec spec, String continuesFrom) {
    if (ctx.response().closed()) {
      return;
    }
    ctx.response().putHeader(LAST_EVENT_ID_HEADER, continuesFrom);
    streams.open(ctx, spec);
  }

  /**
   * The id, as this stream shows it, of the newest event before {@code hidden} that the stream would have shown, or
   * {@code earliest}: what the stream continues from when its cursor is an update it may not see, named without
   * disclosing that update's id. Nothing between the two is the stream's to see, so replaying after {@code hidden}
   * is replaying after the id answered.
   */
  private static String lastShownBefore(JsonArray events, HubEvent hidden, Predicate<HubEvent> admitted) {
    String shown = EARLIEST;
    for (Object json : events) {
      HubEvent event = HubEvent.fromJson((JsonObject) json);
      if (!hidden.id().isAfter(event.id())) {
        break;
      }
      if (admitted.test(event)) {
        shown = MercureUpdate.sseId(event, MercureUpdate.isFeed(event) ? MercureUpdate.from(event) : null);
      }
    }
    return shown;
  }

  /** The hub id in a cursor {@code #<millis>-<seq>}, or null for a publisher's id or anything else. */
  private static EventId hubIdOf(String cursor) {
    return cursor.startsWith("#") ? EventId.parse(cursor.substring(1)) : null;
  }

  /**
   * Whether nothing after {@code hubId} can have been let go of: the oldest retained event of the stream's topics is
   * not after it. Hub ids are cursors across all topics, so such an id (of an update this stream does not match, or
   * of another topic) is a place to resume from even when it is not among the stream's own events.
   */
  private static boolean withinHistory(JsonArray events, EventId hubId) {
    return !events.isEmpty() && !EventId.parse(events.getJsonObject(0).getString("id")).isAfter(hubId);
  }

  /** The newest retained event whose Mercure id is {@code cursor}, or null. */
  private static HubEvent find(JsonArray events, String cursor) {
    HubEvent found = null;
    for (Object json : events) {
      HubEvent event = HubEvent.fromJson((JsonObject) json);
      MercureUpdate update = MercureUpdate.isFeed(event) ? MercureUpdate.from(event) : null;
      if (cursor.equals(MercureUpdate.sseId(event, update))) {
        found = event;
      }
    }
    return found;
  }

  private static Buffer reset(String cursor) {
    JsonObject notice = new JsonObject()
      .put("lastEventId", cursor)
      .put("reason", "the history no longer holds this id (or never did); updates may have been missed, and the "
        + "stream starts from the oldest one it holds");
    return SseFrames.event(null, "reset", notice.encode());
  }
}
