package io.ssehub.alerts;

import io.ssehub.bus.HubEvent;
import io.ssehub.gateway.SseView;
import io.ssehub.sse.SseFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Seed 001's wire shape: {@code event: NewAlert} and the alert's JSON with {@code "server"} added, written
 * as Python's {@code json.dumps} does. One view per node (a record, so equal views group together): the
 * fanout encodes each alert once per node. The frame also carries the event's {@code id:}, which the seed
 * did not send and its page ignores, so that a browser resumes with {@code Last-Event-ID} on any node.
 * Data that is not a JSON object is passed on unchanged.
 */
public record AlertView(String server) implements SseView {

  static final String EVENT = "NewAlert";

  @Override
  public Buffer encode(HubEvent event) {
    return SseFrames.event(event.id().toString(), EVENT, withServer(event.data()));
  }

  String withServer(String data) {
    JsonObject alert;
    try {
      alert = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      return data;
    }
    alert.remove("server");
    alert.put("server", server);
    return PythonJson.dumps(alert);
  }
}
