package io.ssehub.testing;

import io.ssehub.HubVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /**
   * The all-in-one config on {@code port}, with {@code overrides} merged in section by section. Reports are
   * kept in a fresh temporary file, and the switchboard sends no warm-up calls (whose counts would mix with a
   * test's), unless the overrides say otherwise.
   */
  public static JsonObject config(int port, JsonObject overrides) {
    JsonObject config = new JsonObject()
      // No warm-up (NodeWarmUpTest has it): it would add a second to each of the suite's hundreds of node starts.
      .put("gateway", new JsonObject().put("port", port).put("host", "127.0.0.1").put("instances", 2)
        .put("warmUpStreams", 0).put("warmUpRequests", 0))
      .put("reports", new JsonObject().put("storeFile", freshStoreFile().toString()))
      .put("switchboard", new JsonObject().put("warmUpCalls", 0));
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

  /** A report store file in a new temporary directory, removed when the JVM exits. */
  public static Path freshStoreFile() {
    try {
      Path dir = Files.createTempDirectory("sse-hub-reports");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("reports.mv.db");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Future<String> deploy(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(new HubVerticle(), new DeploymentOptions().setConfig(config));
  }
}
