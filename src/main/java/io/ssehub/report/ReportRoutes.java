package io.ssehub.report;

import io.ssehub.bus.Addresses;
import io.ssehub.bus.Topics;
import io.ssehub.bus.Uuids;
import io.ssehub.config.ReportsConfig;
import io.ssehub.gateway.Bodies;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.ssehub.gateway.StreamServices;
import io.ssehub.gateway.StreamSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;

/**
 * Seed 004 v4's routes. Every one needs {@code ?user_id=<UUID>} (else 400).
 * {@code POST /v4/new/report}: 201 and the new pending report. {@code GET /v4/reports}: 200 and the
 * user's reports. {@code PUT /v4/report} with {@code {"id","status"}}: 202 once the change is stored and
 * pushed; 404, 409 or 422 with a sentence when it is refused. {@code GET /v4/sse}: the user's
 * {@code report_status_update} events, with {@code : keep-alive-text} after 30 s of quiet.
 *
 * <p>Sends to the report state machine's addresses with the gateway's request timeout.
 */
public final class ReportRoutes implements RouteModule {

  static final String KEEP_ALIVE_TEXT = "keep-alive-text";

  private final Vertx vertx;
  private final StreamServices streams;
  private final ReportsConfig config;
  private final DeliveryOptions options;

  public ReportRoutes(Vertx vertx, StreamServices streams, ReportsConfig config, long timeoutMillis) {
    this.vertx = vertx;
    this.streams = streams;
    this.config = config;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  @Override
  public void mount(Router router) {
    router.post("/v4/new/report").handler(this::create);
    router.get("/v4/reports").handler(this::list);
    router.put("/v4/report").handler(this::update);
    router.get("/v4/sse").handler(this::stream);
  }

  private void create(RoutingContext ctx) {
    userId(ctx).ifPresent(userId -> request(Addresses.REPORTS_CREATE, new JsonObject().put("userId", userId))
      .onSuccess(report -> HttpReplies.json(ctx, 201, report))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "report state machine", failure)));
  }

  private void list(RoutingContext ctx) {
    userId(ctx).ifPresent(userId -> request(Addresses.REPORTS_LIST, new JsonObject().put("userId", userId))
      .onSuccess(reply -> ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .end(reply.getJsonArray("reports", new JsonArray()).encode()))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "report state machine", failure)));
  }

  private void update(RoutingContext ctx) {
    Optional<String> userId = userId(ctx);
    Optional<JsonObject> change = userId.isEmpty() ? Optional.empty() : statusUpdate(ctx);
    change.ifPresent(body -> request(Addresses.REPORTS_UPDATE, body.put("requestedBy", userId.get()))
      .onSuccess(reply -> ctx.response().setStatusCode(202).end())
      .onFailure(failure -> HttpReplies.busFailure(ctx, "report state machine", failure)));
  }

  private void stream(RoutingContext ctx) {
    userId(ctx).ifPresent(userId -> streams.open(ctx,
      StreamSpec.of(List.of(Topics.reports(userId)), config.keepAliveMillis())
        .keepAlive(config.keepAliveMillis(), KEEP_ALIVE_TEXT)
        .lastEventId(ctx.request().getHeader("Last-Event-ID"))));
  }

  /** The body as {@code {id, status}}, or empty after a 400 that says what is wrong with it. */
  private static Optional<JsonObject> statusUpdate(RoutingContext ctx) {
    String text = Bodies.utf8(ctx.body().buffer());
    String shape = "send a JSON object such as {\"id\":\"<report UUID>\",\"status\":\"queued\"}.";
    if (text == null || text.isBlank()) {
      HttpReplies.text(ctx, 400, text == null ? "The body is not valid UTF-8; " + shape : "The body is empty; " + shape);
      return Optional.empty();
    }
    try {
      Object json = Json.decodeValue(text);
      if (json instanceof JsonObject object) {
        return Optional.of(new JsonObject().put("id", object.getValue("id")).put("status", object.getValue("status")));
      }
      HttpReplies.text(ctx, 400, "The body is JSON but not an object; " + shape);
    } catch (DecodeException e) {
      HttpReplies.text(ctx, 400, "The body is not valid JSON; " + shape);
    }
    return Optional.empty();
  }

  /** The {@code user_id} query parameter in lowercase, or empty after a 400 that says what is wrong. */
  private static Optional<String> userId(RoutingContext ctx) {
    String value = HttpReplies.requiredQuery(ctx, "user_id", ctx.request().path() + "?user_id=<your UUID>");
    if (value == null) {
      return Optional.empty();
    }
    Optional<String> userId = Uuids.normalize(value);
    if (userId.isEmpty()) {
      HttpReplies.text(ctx, 400, "The user_id \"" + Bodies.printable(value) + "\" is not a UUID; send one such as "
        + Uuids.EXAMPLE + " (uuidgen makes one).");
    }
    return userId;
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus()
      .<JsonObject>request(address, body, options)
      .map(message -> message.body());
  }
}
