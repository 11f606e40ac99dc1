package io.ssehub.mercure;

import io.ssehub.bus.Publisher;
import io.ssehub.config.CorsConfig;
import io.ssehub.config.MercureConfig;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteKit;
import io.ssehub.gateway.RouteModule;
import io.ssehub.security.AuthRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The Mercure hub's two routes on {@value #PATH}. {@code GET}: a subscription ({@link SubscribeQuery}), answered by
 * {@link MercureStreams}; without a token only when {@code mercure.anonymous} allows it. {@code POST}: a publish
 * ({@link PublishForm}, {@code application/x-www-form-urlencoded}), which always needs a token that may publish to
 * every topic of the update, and is published through the hub's history ({@code hub.publish}) as one event on
 * {@link MercureUpdate#FEED}; the answer is {@code 200 text/plain} with the update's id. A publisher's {@code id} is
 * the event's idempotency key too: a second publish with an id the history still knows dispatches nothing and is
 * answered with that id. A publish whose token came in the cookie must come from the hub's own origin or one of
 * {@code cors.allowedOrigins} (the specification asks hubs to mitigate CSRF). Config: the {@code mercure} section.
 */
final class MercureRoutes implements RouteModule {

  static final String PATH = "/.well-known/mercure";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final MercureConfig config;
  private final CorsConfig cors;
  private final Publisher publisher;
  private final MercureAuth auth;
  private final MercureAnswers answers;
  private final MercureStreams streams;

  MercureRoutes(RouteKit kit) {
    this.config = kit.node().config().mercure();
    this.cors = kit.node().config().cors();
    this.publisher = kit.publisher();
    this.auth = new MercureAuth(config);
    this.answers = new MercureAnswers(config.publicUrl());
    this.streams = new MercureStreams(kit, answers);
  }

  @Override
  public void mount(Router router) {
    router.get(PATH).handler(this::subscribe);
    router.post(PATH).handler(this::publish);
  }

  private void subscribe(RoutingContext ctx) {
    answers.link(ctx);
    String token = auth.tokenOf(ctx);
    try {
      SubscribeQuery query = SubscribeQuery.parse(ctx.queryParams(), ctx.request().getHeader("Last-Event-ID"),
        config.maxMatchers(), config.publicUrl());
      if (token == null && !config.anonymous()) {
        throw auth.missing();
      }
      MercureGrant grant = token == null ? MercureGrant.NONE : auth.verify(token);
      if (token != null) {
        AuthRoutes.tokenEnds(ctx, grant.expiresAt() * 1000);
      }
      streams.open(ctx, query, grant, exactMatches(ctx));
    } catch (MercureRefusal refusal) {
      answers.refuse(ctx, refusal, token != null);
    }
  }

  private void publish(RoutingContext ctx) {
    answers.link(ctx);
    String token = auth.tokenOf(ctx);
    try {
      if (token == null) {
        throw auth.missing();
      }
      MercureGrant grant = auth.verify(token);
      if (auth.fromCookie(ctx) && !fromAllowedOrigin(ctx)) {
        HttpReplies.text(ctx, 403, "A publish with the token in a cookie must come from a page of this hub's origin "
          + "or of cors.allowedOrigins (its Origin header says where it came from); send the token in an "
          + "Authorization header instead.");
        return;
      }
      if (!isForm(ctx.request().getHeader("Content-Type"))) {
        HttpReplies.text(ctx, 415, "Send the update as " + FORM + " (fields topic, data, private, id, type, retry), "
          + "as an HTML form or URLSearchParams does.");
        return;
      }
      PublishForm form = PublishForm.parse(FormBody.parse(ctx.body().buffer()), config.publicUrl());
      if (!grant.mayPublish(form.topics())) {
        throw new MercureRefusal(403, "Your token does not allow publishing to every topic of this update; ask "
          + "for a token whose authorization_details grant publish on " + String.join(", ", form.topics()) + ".");
      }
      dispatch(ctx, MercureUpdate.of(form));
    } catch (MercureRefusal refusal) {
      answers.refuse(ctx, refusal, token != null);
    }
  }

  private void dispatch(RoutingContext ctx, MercureUpdate update) {
    JsonObject request = new JsonObject()
      .put("topics", new JsonArray().add(MercureUpdate.FEED))
      .put("data", update.envelope());
    if (update.type() != null) {
      request.put("event", update.type());
    }
    if (update.id() != null) {
      request.put("idempotencyKey", update.id());
    }
    publisher.request(request)
      .onSuccess(reply -> ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(update.id() != null ? update.id() : MercureUpdate.hubId(reply.getString("id"))))
      .onFailure(failure -> HttpReplies.busFailure(ctx, "history", failure));
  }

  /** The values of the exact matchers ({@code match}, {@code match_exact}), which may name hub topics. */
  private static List<String> exactMatches(RoutingContext ctx) {
    return ctx.queryParams().entries().stream()
      .filter(entry -> entry.getKey().equals(SubscribeQuery.EXACT) || entry.getKey().equals(SubscribeQuery.EXACT_ALIAS))
      .map(entry -> entry.getValue())
      .distinct()
      .toList();
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return media.trim().toLowerCase(Locale.ROOT).equals(FORM);
  }

  /** The Origin header (else the Referer's origin) is the hub's own or an explicitly allowed one. */
  private boolean fromAllowedOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      origin = originOf(ctx.request().getHeader("Referer"));
    }
    return origin != null && (origin.equalsIgnoreCase(originOf(config.publicUrl()))
      || !cors.anyOrigin() && cors.allowedOrigins().contains(origin));
  }

  private static String originOf(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return null;
      }
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
