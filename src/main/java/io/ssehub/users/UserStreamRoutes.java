package io.ssehub.users;

import io.ssehub.bus.Publisher;
import io.ssehub.bus.Topics;
import io.ssehub.config.SeedStreamsConfig;
import io.ssehub.gateway.Bodies;
import io.ssehub.gateway.HttpReplies;
import io.ssehub.gateway.RouteModule;
import io.ssehub.gateway.StreamServices;
import io.ssehub.gateway.StreamSpec;
import io.ssehub.sse.SseFrames;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Seed 004's per-user streams. v1: {@code GET /v1/sse?username=} sends {@code data: hi!} at once and
 * every 15 s, with {@code : keep-alive-text} after 3 s of quiet. v2: {@code GET /v2/sse?username=}
 * follows that user's topic and {@code POST /v2/message?username=} publishes the raw body to it
 * (204). A message for a user with no open stream reaches no one, as in the seed. v3 has the same two
 * routes on topics of its own ({@link Topics#user}); the Kafka bridge publishes into them too.
 */
public final class UserStreamRoutes implements RouteModule {

  static final String KEEP_ALIVE_TEXT = "keep-alive-text";
  private static final Buffer HI = SseFrames.event(null, null, "hi!");
  private static final int MAX_USERNAME = 128;

  private final StreamServices streams;
  private final Publisher publisher;
  private final SeedStreamsConfig config;

  public UserStreamRoutes(StreamServices streams, Publisher publisher, SeedStreamsConfig config) {
    this.streams = streams;
    this.publisher = publisher;
    this.config = config;
  }

  @Override
  public void mount(Router router) {
    router.get("/v1/sse").handler(this::helloStream);
    mountUserRoutes(router, "v2");
    mountUserRoutes(router, "v3");
  }

  /** {@code GET /<version>/sse} and {@code POST /<version>/message}, on that version's own user topics. */
  private void mountUserRoutes(Router router, String version) {
    router.get("/" + version + "/sse").handler(ctx -> userStream(ctx, version));
    router.post("/" + version + "/message").handler(ctx -> message(ctx, version));
  }

  private void helloStream(RoutingContext ctx) {
    if (username(ctx, "/v1/sse") != null) {
      streams.open(ctx, StreamSpec.of(List.of(), config.v1KeepAliveMillis())
        .keepAlive(config.v1KeepAliveMillis(), KEEP_ALIVE_TEXT)
        .repeat(HI, config.v1HelloMillis()));
    }
  }

  private void userStream(RoutingContext ctx, String version) {
    String username = username(ctx, "/" + version + "/sse");
    if (username != null) {
      streams.open(ctx, StreamSpec.of(List.of(Topics.user(version, username)), config.userKeepAliveMillis())
        .keepAlive(config.userKeepAliveMillis(), KEEP_ALIVE_TEXT)
        .lastEventId(ctx.request().getHeader("Last-Event-ID")));
    }
  }

  private void message(RoutingContext ctx, String version) {
    String username = username(ctx, "/" + version + "/message");
    if (username == null) {
      return;
    }
    String text = Bodies.utf8(ctx.body().buffer());
    if (text == null) {
      HttpReplies.text(ctx, 400, "The message is not valid UTF-8 text; send it as UTF-8.");
      return;
    }
    publisher.publish(Topics.user(version, username), null, text)
      .onSuccess(id -> ctx.response().setStatusCode(204).end())
      .onFailure(failure -> HttpReplies.busFailure(ctx, "history", failure));
  }

  /** The username query parameter, or null after a 400 that says what is wrong. */
  private static String username(RoutingContext ctx, String route) {
    String username = HttpReplies.requiredQuery(ctx, "username", route + "?username=<your name>");
    if (username != null && !isValidUsername(username)) {
      HttpReplies.text(ctx, 400, "The username must be 1 to " + MAX_USERNAME + " characters without control characters.");
      return null;
    }
    return username;
  }

  /** The rule for usernames, from HTTP or from Kafka: 1 to 128 characters without control characters. */
  public static boolean isValidUsername(String username) {
    return !username.isEmpty() && username.length() <= MAX_USERNAME
      && username.chars().noneMatch(Character::isISOControl);
  }
}
