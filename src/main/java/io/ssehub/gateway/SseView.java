package io.ssehub.gateway;

import io.ssehub.bus.HubEvent;
import io.ssehub.sse.SseFrames;
import io.vertx.core.buffer.Buffer;

/**
 * How a stream shows a hub event on the wire. The fanout encodes each message once per view in use
 * on the node, and every stream with that view gets the same bytes. A view must be a shared constant
 * (or have value equality), since streams are grouped by it.
 */
@FunctionalInterface
public interface SseView {

  /** {@code id:}, {@code event:} when the event is named, and the data lines. */
  SseView STANDARD = event -> SseFrames.event(event.id().toString(), event.event(), event.data());

  Buffer encode(HubEvent event);
}
