package io.ssehub.cluster;

import io.ssehub.testing.HubProcess;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Hub nodes as separate JVMs from the fat jar, joined with {@code -cluster} through the repository's
 * cluster.xml: a cluster name of their own (so that no other test run joins them) and a Hazelcast port each,
 * all of them in every node's member list. Nodes are started from the role files in {@code conf/}, with the
 * test's HTTP port, loopback host and a fresh report store written over them.
 */
final class ClusterNodes implements AutoCloseable {

  private static final long WAIT_MILLIS = 60_000;

  private final String clusterName = "sse-hub-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> hazelcastPorts;
  private final List<HubProcess> nodes = new ArrayList<>();

  ClusterNodes(int capacity) {
    hazelcastPorts = IntStream.range(0, capacity).map(i -> TestHub.freePort()).boxed().toList();
  }

  /** Starts a node from {@code conf/<roleFile>} with {@code overrides} merged into its sections. */
  synchronized HubProcess start(String name, String roleFile, JsonObject overrides) {
    int index = nodes.size();
    JsonObject config = role(roleFile, overrides);
    HubProcess node = HubProcess.start(name, config, List.of(
      "-Dhub.cluster.name=" + clusterName,
      "-Dhub.cluster.port=" + hazelcastPorts.get(index),
      "-Dhub.cluster.members=" + members()), List.of("-cluster"));
    nodes.add(node);
    return node;
  }

  static JsonObject role(String roleFile, JsonObject overrides) {
    try {
      JsonObject config = new JsonObject(Files.readString(Path.of("conf", roleFile)));
      if (!config.containsKey("gateway")) {
        config.put("gateway", new JsonObject());
      }
      config.getJsonObject("gateway")
        .put("host", "127.0.0.1")
        .put("port", TestHub.freePort());
      if (config.containsKey("reports")) {
        config.getJsonObject("reports").put("storeFile", TestHub.freshStoreFile().toString());
      }
      overrides.forEach(entry -> {
        if (config.getValue(entry.getKey()) instanceof JsonObject section && entry.getValue() instanceof JsonObject extra) {
          section.mergeIn(extra);
        } else {
          config.put(entry.getKey(), entry.getValue());
        }
      });
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String members() {
    return hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  /**
   * Completes when the node's {@code /ready} passes and its cluster check counts {@code count} members. On
   * timeout the failure names the node and carries its last {@code /ready} answer and the end of its log.
   */
  static Future<Long> awaitMembers(Vertx vertx, WebClient web, HubProcess node, int count) {
    long started = System.currentTimeMillis();
    AtomicReference<String> lastAnswer = new AtomicReference<>("(no answer)");
    return poll(vertx, () -> web.get(node.port(), node.host(), "/ready").send()
      .map(response -> {
        lastAnswer.set(response.statusCode() + " " + response.bodyAsString());
        return response.statusCode() == 200 && response.bodyAsJsonObject().getJsonArray("checks").stream()
          .map(JsonObject.class::cast)
          .anyMatch(check -> "cluster".equals(check.getString("id"))
            && new JsonObject().put("state", "cluster joined").put("members", count).equals(check.getJsonObject("data")));
      }),
      started + WAIT_MILLIS)
      .recover(failure -> Future.failedFuture(new AssertionError("the node on port " + node.port() + " did not see "
        + count + " cluster members within " + WAIT_MILLIS + " ms; its last /ready: " + lastAnswer.get()
        + "\nthe end of its log " + node.log() + ":\n" + tail(node.log(), 60))))
      .map(v -> System.currentTimeMillis() - started);
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static Future<Void> poll(Vertx vertx, java.util.function.Supplier<Future<Boolean>> check, long deadline) {
    Promise<Void> promise = Promise.promise();
    check.get().onComplete(result -> {
      if (result.succeeded() && result.result()) {
        promise.complete();
      } else if (System.currentTimeMillis() > deadline) {
        promise.fail("deadline passed");
      } else {
        vertx.setTimer(100, timer -> poll(vertx, check, deadline).onComplete(promise));
      }
    });
    return promise.future();
  }

  @Override
  public synchronized void close() {
    nodes.forEach(HubProcess::close);
  }
}
