package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * A raw client of the TCP event-bus bridge, as a process in another language would be one: each frame a 4-byte
 * big-endian length and UTF-8 JSON, written and parsed here by hand, not with a Vert.x bridge client.
 */
public final class BridgeClient {

  private final Vertx vertx;
  private final NetClient client;
  private final NetSocket socket;
  private final Deque<JsonObject> received = new ArrayDeque<>();
  private final Deque<Waiter> waiting = new ArrayDeque<>();

  private record Waiter(Predicate<JsonObject> wanted, Promise<JsonObject> promise) {
  }

  private BridgeClient(Vertx vertx, NetClient client, NetSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    RecordParser parser = RecordParser.newFixed(4);
    boolean[] atLength = {true};
    parser.handler(chunk -> {
      if (atLength[0]) {
        parser.fixedSizeMode(chunk.getInt(0));
      } else {
        parser.fixedSizeMode(4);
        arrived(new JsonObject(chunk));
      }
      atLength[0] = !atLength[0];
    });
    socket.handler(parser);
  }

  public static Future<BridgeClient> connect(Vertx vertx, int port) {
    NetClient client = vertx.createNetClient();
    return client.connect(port, "127.0.0.1").map(socket -> new BridgeClient(vertx, client, socket));
  }

  /** Writes one frame. */
  public BridgeClient write(JsonObject frame) {
    byte[] json = frame.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    socket.write(Buffer.buffer().appendInt(json.length).appendBytes(json));
    return this;
  }

  /** Writes {@code frame}, then a ping, and completes at the pong: the bridge has acted on the frame by then. */
  public Future<Void> writeAndSync(JsonObject frame) {
    write(frame).write(new JsonObject().put("type", "ping"));
    return next(reply -> "pong".equals(reply.getString("type")), 5000).mapEmpty();
  }

  /** The first frame received (or still to come) that {@code wanted} accepts; fails after {@code timeoutMillis}. */
  public synchronized Future<JsonObject> next(Predicate<JsonObject> wanted, long timeoutMillis) {
    for (JsonObject frame : received) {
      if (wanted.test(frame)) {
        received.remove(frame);
        return Future.succeededFuture(frame);
      }
    }
    Waiter waiter = new Waiter(wanted, Promise.promise());
    waiting.add(waiter);
    vertx.setTimer(timeoutMillis, fired -> {
      synchronized (this) {
        waiting.remove(waiter);
      }
      waiter.promise().tryFail("no such frame within " + timeoutMillis + " ms; received " + received);
    });
    return waiter.promise().future();
  }

  /** The next frame of this type. */
  public Future<JsonObject> next(String type, long timeoutMillis) {
    return next(frame -> type.equals(frame.getString("type")), timeoutMillis);
  }

  private synchronized void arrived(JsonObject frame) {
    for (Waiter waiter : waiting) {
      if (waiter.wanted().test(frame)) {
        waiting.remove(waiter);
        waiter.promise().tryComplete(frame);
        return;
      }
    }
    received.add(frame);
  }

  public Future<Void> close() {
    return socket.close().eventually(() -> client.close());
  }

  public static JsonObject register(String address, JsonObject headers) {
    return new JsonObject().put("type", "register").put("address", address).put("headers", headers);
  }

  public static JsonObject send(String address, JsonObject body, JsonObject headers) {
    return new JsonObject().put("type", "send").put("address", address).put("headers", headers).put("body", body);
  }

  /** The headers that carry a token. */
  public static JsonObject bearer(String token) {
    return new JsonObject().put("authorization", "Bearer " + token);
  }
}
