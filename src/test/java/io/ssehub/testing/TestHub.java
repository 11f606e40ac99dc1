package io.ssehub.testing;

import io.ssehub.HubVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Starts a hub node inside the test's Vert.x, on a free port, with config overrides. */
public final class TestHub {

  private TestHub() {
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The all-in-one config on {@code port}, with {@code overrides} merged in section by section. */
  public static JsonObject config(int port, JsonObject overrides) {
    JsonObject config = new JsonObject()
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1").put("instances", 2));
    overrides.forEach(entry -> {
      Object current = config.getValue(entry.getKey());
      if (current instanceof JsonObject section && entry.getValue() instanceof JsonObject extra) {
        section.mergeIn(extra);
      } else {
        config.put(entry.getKey(), entry.getValue());
      }
    });
    return config;
  }

  public static Future<String> deploy(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(new HubVerticle(), new DeploymentOptions().setConfig(config));
  }
}
