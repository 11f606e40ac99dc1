package io.ssehub.report;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.bus.Uuids;
import io.ssehub.config.ReportsConfig;
import io.ssehub.gateway.Bodies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Owns every report and every change of one: creates, lists, and moves a report only along the state
 * machine's valid transitions, through the store's compare-and-set. Each accepted change is published
 * once, as {@code report_status_update} with {@code {"id","status","version"}} (the seed's two fields first, then the
 * stored version, which counts the report's accepted changes), to the topic of the owner named by
 * the store ({@code reports.<userId>}), and only then answered. A change of a report that
 * {@code requestedBy} does not own is answered like an unknown report (404), and nothing is stored or pushed.
 *
 * <p>Consumes {@link Addresses#REPORTS_CREATE}, {@link Addresses#REPORTS_LIST} and
 * {@link Addresses#REPORTS_UPDATE}; publishes through {@code hub.publish}. Config: the {@code reports}
 * section (MVStore file, or Redis when {@code reports.redis} is set).
 */
public class ReportStateMachineVerticle extends VerticleBase {

  static final String EVENT = "report_status_update";
  private static final Logger LOG = LoggerFactory.getLogger(ReportStateMachineVerticle.class);

  private final ReportsConfig config;
  private ReportStore store;
  private Publisher publisher;

  public ReportStateMachineVerticle(ReportsConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    publisher = new Publisher(vertx, config.requestTimeoutMillis());
    store = config.redis() == null
      ? new MvReportStore(vertx, Path.of(config.storeFile()))
      : new RedisReportStore(vertx, config.redis());
    return store.open()
      .onSuccess(v -> LOG.info("Reports are kept {}", config.redis() == null
        ? "in " + Path.of(config.storeFile()).toAbsolutePath() : "in Redis at " + config.redis()))
      .compose(v -> Future.join(
        vertx.eventBus().consumer(Addresses.REPORTS_CREATE, this::create).completion(),
        vertx.eventBus().consumer(Addresses.REPORTS_LIST, this::list).completion(),
        vertx.eventBus().consumer(Addresses.REPORTS_UPDATE, this::update).completion()));
  }

  @Override
  public Future<?> stop() {
    return store.close();
  }

  private void create(Message<JsonObject> message) {
    userId(message).ifPresent(userId -> store.create(userId)
      .onSuccess(report -> message.reply(report.toJson()))
      .onFailure(failure -> storeFailed(message, "create a report", failure)));
  }

  private void list(Message<JsonObject> message) {
    userId(message).ifPresent(userId -> store.listFor(userId)
      .onSuccess(reports -> message.reply(new JsonObject()
        .put("reports", new JsonArray(reports.stream().map(Report::toJson).toList()))))
      .onFailure(failure -> storeFailed(message, "list reports", failure)));
  }

  private void update(Message<JsonObject> message) {
    JsonObject body = message.body();
    Optional<String> id = Uuids.normalize(body.getValue("id"));
    Optional<String> requestedBy = Uuids.normalize(body.getValue("requestedBy"));
    Optional<ReportStatus> target = body.getValue("status") instanceof String name
      ? ReportStatus.fromWire(name) : Optional.empty();
    if (requestedBy.isEmpty()) {
      message.fail(400, "The \"requestedBy\" must be the UUID of the user who asks for the change, such as "
        + Uuids.EXAMPLE + ".");
    } else if (id.isEmpty()) {
      message.fail(422, "The \"id\" must be the UUID of a report, such as " + Uuids.EXAMPLE + "; found "
        + quoted(body.getValue("id")) + ".");
    } else if (target.isEmpty()) {
      message.fail(422, "The \"status\" must be one of " + ReportStatus.wireNames() + "; found "
        + quoted(body.getValue("status")) + ".");
    } else {
      store.move(id.get(), requestedBy.get(), target.get())
        .onSuccess(transition -> settle(message, id.get(), target.get(), transition))
        .onFailure(failure -> storeFailed(message, "change a report's status", failure));
    }
  }

  private void settle(Message<JsonObject> message, String id, ReportStatus target, Transition transition) {
    switch (transition.outcome()) {
      case UNKNOWN_REPORT, NOT_OWNED -> message.fail(404, "No report has the id " + id + "; create one with "
        + "POST /v4/new/report?user_id=<your UUID> or list yours with GET /v4/reports?user_id=<your UUID>.");
      case INVALID -> message.fail(409, refusal(id, transition.from(), target));
      case ACCEPTED -> publishThenReply(message, transition);
    }
  }

  private void publishThenReply(Message<JsonObject> message, Transition transition) {
    Report report = transition.report();
    String data = new JsonObject()
      .put("id", report.reportId())
      .put("status", report.status().wireName())
      .put("version", report.version())
      .encode();
    publisher.publish(Topics.reports(report.userId()), EVENT, data)
      .onFailure(failure -> LOG.warn("Report {} moved to {} but the change was not pushed to its owner: {}",
        report.reportId(), report.status().wireName(), failure.getMessage()))
      .onComplete(published -> message.reply(new JsonObject()
        .put("id", report.reportId())
        .put("status", report.status().wireName())
        .put("from", transition.from().wireName())
        .put("userId", report.userId())));
  }

  private static String refusal(String id, ReportStatus from, ReportStatus target) {
    String now = "Report " + id + " is " + from.wireName() + ", ";
    if (from.next().isEmpty()) {
      return now + "which is final; it cannot move to " + target.wireName() + ".";
    }
    return now + "so it cannot move to " + target.wireName() + "; from " + from.wireName() + " it can move to "
      + from.nextNames() + ".";
  }

  private static Optional<String> userId(Message<JsonObject> message) {
    Optional<String> userId = Uuids.normalize(message.body().getValue("userId"));
    if (userId.isEmpty()) {
      message.fail(400, "The user id must be a UUID, such as " + Uuids.EXAMPLE + ".");
    }
    return userId;
  }

  private static void storeFailed(Message<JsonObject> message, String what, Throwable failure) {
    LOG.error("The report store could not {}", what, failure);
    message.fail(500, "The report store could not " + what + ": " + failure.getMessage());
  }

  private static String quoted(Object value) {
    return value instanceof String text ? "\"" + Bodies.printable(text) + "\"" : String.valueOf(value);
  }
}
