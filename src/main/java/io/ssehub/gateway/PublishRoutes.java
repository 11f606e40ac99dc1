package io.ssehub.gateway;

import io.ssehub.bus.Publisher;
import io.ssehub.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /publish}: events as JSON ({@link JsonPublish}), each with one id for all its topics, one or a batch.
 * The whole body is checked before anything is published, so a refused batch publishes nothing. Events of a batch
 * are published one after the other, so their ids grow in the batch's order.
 *
 * <p>Answers {@code 201 {id, topics}} for one event and {@code 201 {results: [{id, topics}, ..]}} for a batch; an
 * event whose idempotency key was seen in the history window is not published again: its result is the first
 * publish's id with {@code duplicate: true}, and the status is 200 when no event of the body was new.
 * Config: {@code gateway.maxTopicsPerStream}, {@code gateway.maxBatch}, {@code limits.maxEventBytes}.
 */
public final class PublishRoutes implements RouteModule {

  private final Publisher publisher;
  private final JsonPublish.Limits limits;

  public PublishRoutes(Publisher publisher, GatewayConfig gateway, int maxEventBytes) {
    this.publisher = publisher;
    this.limits = new JsonPublish.Limits(gateway.maxTopicsPerStream(), gateway.maxBatch(), maxEventBytes);
  }

  /** Every topic a {@code POST /publish} body names, for its access check, which runs before the route. */
  public static List<String> topicsNamed(Buffer body) {
    return JsonPublish.topicsNamed(body);
  }

  @Override
  public void mount(Router router) {
    router.post("/publish").handler(this::publish);
  }

  private void publish(RoutingContext ctx) {
    if (!isJson(ctx.request().getHeader("Content-Type"))) {
      HttpReplies.text(ctx, 415, "Send the events as JSON, with Content-Type: application/json.");
      return;
    }
    JsonPublish.Parsed parsed = JsonPublish.parse(ctx.body().buffer(), limits);
    if (parsed.refused()) {
      HttpReplies.text(ctx, parsed.status(), parsed.refusal());
      return;
    }
    publishInOrder(parsed.items())
      .onSuccess(results -> answer(ctx, parsed.batch(), results))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "history", failure));
  }

  private Future<List<JsonObject>> publishInOrder(List<JsonPublish.Item> items) {
    List<JsonObject> results = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (JsonPublish.Item item : items) {
      chain = chain.compose(v -> publisher.request(item.toRequest()))
        .map(reply -> {
          results.add(result(reply, item));
          return null;
        });
    }
    return chain.map(v -> results);
  }

  private static JsonObject result(JsonObject reply, JsonPublish.Item item) {
    JsonObject result = new JsonObject().put("id", reply.getString("id")).put("topics", new JsonArray(item.topics()));
    return item.idempotencyKey() != null && reply.getBoolean("duplicate", false) ? result.put("duplicate", true) : result;
  }

  private static void answer(RoutingContext ctx, boolean batch, List<JsonObject> results) {
    boolean anyNew = results.stream().anyMatch(result -> !result.getBoolean("duplicate", false));
    int status = anyNew ? 201 : 200;
    HttpReplies.json(ctx, status, batch ? new JsonObject().put("results", new JsonArray(results)) : results.get(0));
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.equalsIgnoreCase("application/json");
  }
}
