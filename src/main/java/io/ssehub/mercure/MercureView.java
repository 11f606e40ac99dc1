package io.ssehub.mercure;

import io.ssehub.bus.HubEvent;
import io.ssehub.gateway.SseView;
import io.ssehub.sse.SseFrames;
import io.vertx.core.buffer.Buffer;

/**
 * How a Mercure stream shows an event: a Mercure update with {@code id:} (the publisher's id, or the hub's as
 * {@code #<id>}), {@code event:} its type, {@code retry:} when it has one, and one {@code data:} line per line; an
 * event of a hub topic that an exact matcher follows ({@code /topics/...}) the same way, with the hub's id. One
 * instance, so that the fanout encodes each event once for every Mercure stream of the node.
 */
final class MercureView implements SseView {

  static final MercureView INSTANCE = new MercureView();

  private MercureView() {
  }

  @Override
  public Buffer encode(HubEvent event) {
    if (!MercureUpdate.isFeed(event)) {
      return SseFrames.event(MercureUpdate.sseId(event, null), event.event(), event.data());
    }
    MercureUpdate update = MercureUpdate.from(event);
    if (update == null) {
      return Buffer.buffer();
    }
    Buffer frame = SseFrames.event(MercureUpdate.sseId(event, update), update.type(), update.data());
    return update.retry() == null ? frame : SseFrames.retry(update.retry()).appendBuffer(frame);
  }
}
