package io.ssehub.processor;

import io.ssehub.bus.Addresses;
import io.ssehub.config.ProcessorSpec;
import io.ssehub.config.SwitchboardConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deploys the stages of {@code switchboard.pipeline} on this node: each stage's {@link ProcessorVerticle}, as
 * many instances as its {@code instances}, told only the address of the stage after it (for a message that carries
 * no route). A stage served on the bus ({@code "bus": true}) is left to the processes that register on its
 * address. Undeploying this
 * verticle undeploys the stages. Answers {@link Addresses#PROCESSOR_STATS} (node-local) with each instance's
 * counts.
 */
public class PipelineVerticle extends VerticleBase {

  private final SwitchboardConfig config;
  private final Map<String, List<InstanceCounters>> counters = new LinkedHashMap<>();

  public PipelineVerticle(SwitchboardConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    List<ProcessorSpec> pipeline = config.pipeline();
    List<Future<String>> deployments = new ArrayList<>();
    for (int i = 0; i < pipeline.size(); i++) {
      ProcessorSpec spec = pipeline.get(i);
      if (spec.bus()) {
        continue;
      }
      String next = i + 1 < pipeline.size() ? Addresses.processor(pipeline.get(i + 1).name()) : null;
      List<InstanceCounters> instances = new CopyOnWriteArrayList<>();
      counters.put(spec.name(), instances);
      deployments.add(vertx.deployVerticle(() -> {
        InstanceCounters instance = new InstanceCounters();
        instances.add(instance);
        return new ProcessorVerticle(spec, next, config.windowMillis(), instance);
      }, new DeploymentOptions().setInstances(spec.instances())));
    }
    return Future.all(deployments)
      .compose(deployed -> vertx.eventBus().localConsumer(Addresses.PROCESSOR_STATS, this::stats).completion());
  }

  /** Per stage, the counts of each instance on this node: how the event bus shared the load. */
  private void stats(Message<JsonObject> message) {
    JsonObject stages = new JsonObject();
    counters.forEach((name, instances) -> stages.put(name, new JsonArray(instances.stream()
      .map(InstanceCounters::toJson)
      .toList())));
    message.reply(new JsonObject().put("stages", stages));
  }
}
