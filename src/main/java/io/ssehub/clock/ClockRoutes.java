package io.ssehub.clock;

import io.ssehub.bus.Topics;
import io.ssehub.gateway.RouteModule;
import io.ssehub.gateway.StreamServices;
import io.ssehub.gateway.StreamSpec;
import io.vertx.ext.web.Router;

import java.util.List;

/** Seed 003's {@code GET /remote}: the clock topic's {@code ping} events. The page is webroot/clock.html. */
public final class ClockRoutes implements RouteModule {

  private final StreamServices streams;

  public ClockRoutes(StreamServices streams) {
    this.streams = streams;
  }

  @Override
  public void mount(Router router) {
    router.get("/remote").handler(ctx -> streams.open(ctx,
      StreamSpec.of(List.of(Topics.CLOCK), streams.keepAliveMillis())));
  }
}
