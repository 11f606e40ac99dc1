package io.ssehub.switchboard;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Deadline;
import io.ssehub.bus.StageMessage;
import io.ssehub.config.SwitchboardConfig;
import io.ssehub.metrics.HubMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Seed 000's switchboard. For each message it opens a {@link Ticket} (a unique reply address with a consumer
 * and a timer) and hands {@code {m, ticket}} to the first processor; the last processor sends the result to
 * the ticket. The hand-offs are plain sends: the ticket's own timer is the timeout of the whole pipeline. Each
 * message to a processor is a {@link StageMessage}: it carries the route (the later stages' addresses, then the
 * ticket's) and the budget left ({@code budgetMillis}, see {@link Deadline}): for a call, what the gateway's budget
 * leaves; for a {@code /q} ticket, its time to live.
 *
 * <p>Consumes {@link Addresses#SWITCHBOARD_CALL} (answers when the call's budget runs out at the latest, with
 * {@code no_reply}; a call without a budget has one window),
 * {@link Addresses#SWITCHBOARD_OPEN} (a ticket for {@code /q}; without a non-empty {@code m} nothing is dispatched,
 * as in the seed, and its {@code /ssep} says {@code timed_out}), {@link Addresses#SWITCHBOARD_FLUSH} (published;
 * drops every pending ticket) and {@link Addresses#SWITCHBOARD_STATS} (node-local). Sends to
 * {@code processor.<first stage>}. Before it is ready it sends {@code warmUpCalls} calls of its own to
 * {@link Addresses#SWITCHBOARD_CALL}, {@value #WARM_UP_AT_ONCE} at a time; they are counted like any other call.
 * Config: the {@code switchboard} section.
 */
public class SwitchboardVerticle extends VerticleBase {

  private static final int WARM_UP_AT_ONCE = 50;
  private static final String WARM_UP_MESSAGE = "warm up";

  private final SwitchboardConfig config;
  private final SwitchboardGauges gauges;
  private final Map<String, Ticket> pending = new HashMap<>();
  private String firstProcessor;
  private List<String> laterStages;

  SwitchboardVerticle(SwitchboardConfig config, SwitchboardGauges gauges) {
    this.config = config;
    this.gauges = gauges;
  }

  /** Makes the instances of one node, which share their gauges (shown at {@code /metrics} through {@code metrics}). */
  public static Supplier<SwitchboardVerticle> instances(SwitchboardConfig config, HubMetrics metrics) {
    SwitchboardGauges gauges = new SwitchboardGauges();
    gauges.bind(metrics);
    return () -> new SwitchboardVerticle(config, gauges);
  }

  @Override
  public Future<?> start() {
    List<String> stages = config.pipeline().stream().map(stage -> Addresses.processor(stage.name())).toList();
    firstProcessor = stages.get(0);
    laterStages = stages.subList(1, stages.size());
    EventBus bus = vertx.eventBus();
    return Future.join(
      bus.consumer(Addresses.SWITCHBOARD_CALL, this::call).completion(),
      bus.consumer(Addresses.SWITCHBOARD_OPEN, this::open).completion(),
      bus.consumer(Addresses.SWITCHBOARD_FLUSH, message -> flush()).completion(),
      bus.localConsumer(Addresses.SWITCHBOARD_STATS, this::stats).completion())
      .compose(ready -> warmUp(config.warmUpCalls()));
  }

  /** Sends {@code calls} calls through the whole bus path, a batch at a time; completes when all are answered. */
  private Future<Void> warmUp(int calls) {
    if (calls <= 0) {
      return Future.succeededFuture();
    }
    int batch = Math.min(calls, WARM_UP_AT_ONCE);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.windowMillis() + config.replyGraceMillis());
    List<Future<?>> answers = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      answers.add(vertx.eventBus().request(Addresses.SWITCHBOARD_CALL, new JsonObject().put("m", WARM_UP_MESSAGE),
        options).otherwiseEmpty());
    }
    return Future.join(answers).transform(done -> warmUp(calls - batch));
  }

  @Override
  public Future<?> stop() {
    return flush();
  }

  private void call(Message<JsonObject> message) {
    gauges.calls.incrementAndGet();
    String m = message.body().getString("m");
    Deadline deadline = Deadline.carriedBy(message.body(), config.windowMillis());
    if (m == null || m.isEmpty() || deadline.spent() || pending.size() >= config.maxPendingTickets()) {
      gauges.noReply.incrementAndGet();
      message.reply(new JsonObject().put("value", Ticket.NO_REPLY));
      return;
    }
    dispatch(Ticket.forCall(vertx, gauges, message, deadline.remainingMillis(), this::forget), m, deadline);
  }

  private void open(Message<JsonObject> message) {
    if (pending.size() >= config.maxPendingTickets()) {
      message.fail(503, "The switchboard holds " + pending.size() + " uncollected tickets, its limit; "
        + "collect them with /ssep or try again later.");
      return;
    }
    gauges.opened.incrementAndGet();
    Ticket ticket = Ticket.queued(vertx, gauges, config.windowMillis(), config.ticketTtlMillis(), this::forget);
    String m = message.body().getString("m");
    if (m == null || m.isEmpty()) {
      remember(ticket).listen().onComplete(done -> reply(message, ticket));
    } else {
      dispatch(ticket, m, Deadline.in(config.ticketTtlMillis())).onComplete(done -> reply(message, ticket));
    }
  }

  private static void reply(Message<JsonObject> message, Ticket ticket) {
    message.reply(new JsonObject().put("listenerId", ticket.id()));
  }

  /** Listens on the ticket, then hands the message to the first processor, unless the ticket closed meanwhile. */
  private Future<Void> dispatch(Ticket ticket, String m, Deadline deadline) {
    return remember(ticket).listen()
      .onSuccess(listening -> {
        if (!ticket.isClosed()) {
          vertx.eventBus().send(firstProcessor, StageMessage.first(m, ticket.id(), laterStages, deadline));
        }
      })
      .onFailure(failure -> ticket.close());
  }

  private Ticket remember(Ticket ticket) {
    pending.put(ticket.id(), ticket);
    gauges.pendingTickets.incrementAndGet();
    return ticket;
  }

  private void forget(Ticket ticket) {
    if (pending.remove(ticket.id()) != null) {
      gauges.pendingTickets.decrementAndGet();
    }
  }

  private Future<Void> flush() {
    gauges.flushed.addAndGet(pending.size());
    return Future.join(new ArrayList<>(pending.values()).stream().map(Ticket::close).toList()).mapEmpty();
  }

  private void stats(Message<JsonObject> message) {
    message.reply(gauges.toJson());
  }
}
