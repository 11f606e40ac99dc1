package io.ssehub.gateway;

import io.ssehub.bus.EventId;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of one stream's events: the last id written, so that no event goes out twice or after a later
 * one, and the live events held back while the stream subscribes and reads its replay. Used on the stream's
 * event loop only.
 */
final class StreamOrder {

  // The last id written, as two longs rather than an EventId: read for every live event on every stream.
  private long lastMillis = -1;
  private long lastSequence = -1;
  private List<Buffer> held;
  private List<EventId> heldIds;

  /** From now on live events are held back until {@link #release}. */
  void hold() {
    held = new ArrayList<>();
    heldIds = new ArrayList<>();
  }

  boolean holding() {
    return held != null;
  }

  /** Holds a live event back; false when {@code limit} events are held already. */
  boolean holdBack(EventId id, Buffer frame, int limit) {
    if (held.size() >= limit) {
      return false;
    }
    held.add(frame);
    heldIds.add(id);
    return true;
  }

  /** Whether the id comes after the last one written; if so it becomes the last one. */
  boolean admit(EventId id) {
    long millis = id.millis();
    long sequence = id.sequence();
    if (millis < lastMillis || millis == lastMillis && sequence <= lastSequence) {
      return false;
    }
    lastMillis = millis;
    lastSequence = sequence;
    return true;
  }

  /** Adds the frame to a batch unless an event with that id or a later one went out; 1 when added. */
  int append(Buffer batch, EventId id, Buffer frame) {
    if (!admit(id)) {
      return 0;
    }
    batch.appendBuffer(frame);
    return 1;
  }

  /** Ends holding back: adds the held events that the replay did not send to the batch; how many were added. */
  int release(Buffer batch) {
    int added = 0;
    for (int i = 0; i < held.size(); i++) {
      added += append(batch, heldIds.get(i), held.get(i));
    }
    held = null;
    heldIds = null;
    return added;
  }
}
