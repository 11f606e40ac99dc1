package io.ssehub.processor;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Deadline;
import io.ssehub.bus.StageMessage;
import io.ssehub.config.ProcessorSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage of the switchboard pipeline, served in this JVM. It takes a {@link StageMessage}
 * {@code {m, ticket, route, budgetMillis}} on {@code processor.<name>}, applies its step, and sends the result on
 * to the first address of the route with the rest of the route and the budget left (see {@link Deadline}), as a
 * processor in any other language does over the TCP bridge; the last address is the ticket
 * ({@code switchboard.ticket.<ticket>}). A message without a route goes to the next stage of this node's config,
 * the last stage's to the ticket. A message without a budget has one window. A message whose budget
 * runs out before the stage has passed it on is dropped and counted as expired: nobody waits for it any more.
 * Several instances, on one node or many, share the address and so the load (the event bus takes turns).
 *
 * <p>An external stage first sends one probe request, so that its connection is open before the first message.
 * A message it cannot process is dropped: the switchboard answers {@code no_reply} at its window. Failures
 * are counted and logged at most once a minute. Config: one entry of {@code switchboard.pipeline}.
 */
public class ProcessorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessorVerticle.class);
  private static final long LOG_EVERY_MILLIS = 60_000;
  private static final long PROBE_MILLIS = 2000;

  private final ProcessorSpec spec;
  private final String next;
  private final long windowMillis;
  private final InstanceCounters counters;
  private long lastLoggedAt;
  private Step step;

  /** A stage that passes its results to {@code next}, or answers the ticket when {@code next} is null. */
  ProcessorVerticle(ProcessorSpec spec, String next, long windowMillis, InstanceCounters counters) {
    this.spec = spec;
    this.next = next;
    this.windowMillis = windowMillis;
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    Future<Void> ready = Future.succeededFuture();
    if (spec.external()) {
      HttpStep http = new HttpStep(vertx, spec);
      ready = http.probe(PROBE_MILLIS);
      step = http;
    } else {
      step = (m, ticket, deadline) -> Future.succeededFuture(spec.transform().apply(m));
    }
    return ready.compose(probed -> vertx.eventBus()
      .consumer(Addresses.processor(spec.name()), this::process)
      .completion());
  }

  @Override
  public Future<?> stop() {
    return step.close();
  }

  private void process(Message<JsonObject> message) {
    StageMessage stage = StageMessage.from(message.body(), next, windowMillis);
    if (stage == null) {
      failed("a message without m or ticket");
      return;
    }
    if (stage.deadline().spent()) {
      counters.expired.incrementAndGet();
      return;
    }
    step.apply(stage.m(), stage.ticket(), stage.deadline())
      .onSuccess(result -> later(() -> pass(result, stage)))
      .onFailure(failure -> failed(failure.getMessage()));
  }

  private void later(Runnable action) {
    if (spec.delayMillis() > 0) {
      vertx.setTimer(spec.delayMillis(), fired -> action.run());
    } else {
      action.run();
    }
  }

  private void pass(String result, StageMessage stage) {
    if (result != null && stage.deadline().spent()) {
      counters.expired.incrementAndGet();
      return;
    }
    counters.processed.incrementAndGet();
    if (result != null) {
      vertx.eventBus().send(stage.nextAddress(), stage.passing(result));
    }
  }

  private void failed(String reason) {
    long count = counters.dropped.incrementAndGet();
    long now = System.currentTimeMillis();
    if (now - lastLoggedAt >= LOG_EVERY_MILLIS) {
      lastLoggedAt = now;
      LOG.warn("Processor {} dropped a message ({} so far): {}", spec.name(), count, reason);
    }
  }
}
