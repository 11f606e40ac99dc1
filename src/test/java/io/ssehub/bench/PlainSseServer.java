package io.ssehub.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of the benchmark: an SSE server as one would write it by hand with Vert.x core, to show what
 * sse-hub's write path gains over the straightforward one. {@code GET /sub/<topic>} opens a stream;
 * {@code POST /pub/<topic>} publishes the body as one event. One verticle instance per core shares the port; a
 * publish goes to every instance over the local event bus, and each writes the event to its own streams with
 * {@code response.write}. No history, no replay, no limits.
 *
 * <pre>
 * java -cp target/sse-hub.jar io.ssehub.bench.PlainSseServer 3500
 * </pre>
 */
public final class PlainSseServer extends VerticleBase {

  private final int port;
  private final Map<String, List<HttpServerResponse>> topics = new HashMap<>();
  private long nextId;

  private PlainSseServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 3500;
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new PlainSseServer(port), new DeploymentOptions().setInstances(instances))
      .onSuccess(id -> System.out.println("plain SSE server on port " + port + ", " + instances + " instances"))
      .onFailure(failure -> {
        failure.printStackTrace();
        System.exit(1);
      });
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<String>localConsumer("plain.publish", message -> {
      String topic = message.headers().get("topic");
      List<HttpServerResponse> streams = topics.get(topic);
      if (streams != null) {
        Buffer event = Buffer.buffer("id: " + (++nextId) + "\ndata: " + message.body() + "\n\n");
        for (HttpServerResponse stream : streams) {
          stream.write(event);
        }
      }
    }).completion().compose(v -> vertx.createHttpServer().requestHandler(this::handle).listen(port));
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (request.method() == HttpMethod.GET && path.startsWith("/sub/")) {
      subscribe(path.substring("/sub/".length()), request.response());
    } else if (request.method() == HttpMethod.POST && path.startsWith("/pub/")) {
      String topic = path.substring("/pub/".length());
      request.body().onSuccess(body -> {
        vertx.eventBus().publish("plain.publish", body.toString(),
          new DeliveryOptions().addHeader("topic", topic));
        request.response().setStatusCode(202).end();
      });
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void subscribe(String topic, HttpServerResponse response) {
    response.setChunked(true)
      .putHeader("Content-Type", "text/event-stream")
      .putHeader("Cache-Control", "no-cache");
    response.write(": open\n\n");
    List<HttpServerResponse> streams = topics.computeIfAbsent(topic, name -> new ArrayList<>());
    streams.add(response);
    response.closeHandler(v -> streams.remove(response));
  }
}
