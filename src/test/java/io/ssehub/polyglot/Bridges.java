package io.ssehub.polyglot;

import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

/** Test helpers for the bridge role: hub configs with it, and its refusal counts from {@code /metrics}. */
final class Bridges {

  private Bridges() {
  }

  /** A test hub named {@code node} that runs the bridge on {@code bridgePort} with its default permitted lists. */
  static JsonObject hub(String node, int port, int bridgePort) {
    return TestHub.config(port, new JsonObject()
      .put("nodeName", node)
      .put("deploy", new JsonArray().add("history").add("gateway").add("switchboard").add("processors").add("bridge"))
      .put("bridge", new JsonObject().put("port", bridgePort)));
  }

  /** A pipeline of stages served on the bus, one per name. */
  static JsonObject busPipeline(long windowMillis, String... stages) {
    JsonArray pipeline = new JsonArray();
    for (String stage : stages) {
      pipeline.add(stage.contains(":")
        ? new JsonObject().put("name", stage.substring(0, stage.indexOf(':'))).put("transform",
          stage.substring(stage.indexOf(':') + 1))
        : new JsonObject().put("name", stage).put("bus", true));
    }
    return new JsonObject().put("windowMillis", windowMillis).put("pipeline", pipeline);
  }

  /** {@code ssehub_bridge_refused_total} of this node and reason, 0 when it is not shown. */
  static Future<Double> refused(WebClient web, int port, String node, String reason) {
    return refused(web, port, node, reason, null);
  }

  /** The same, read with an operator's token when auth is on. */
  static Future<Double> refused(WebClient web, int port, String node, String reason, String managerToken) {
    HttpRequest<Buffer> request = web.get(port, "127.0.0.1", "/metrics");
    if (managerToken != null) {
      request.bearerTokenAuthentication(managerToken);
    }
    return request.send().map(response -> response.bodyAsString().lines()
      .filter(line -> line.startsWith("ssehub_bridge_refused_total{"))
      .filter(line -> line.contains("node=\"" + node + "\"") && line.contains("reason=\"" + reason + "\""))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
      .sum());
  }
}
