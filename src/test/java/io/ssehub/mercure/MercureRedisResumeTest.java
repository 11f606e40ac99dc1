package io.ssehub.mercure;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.MercureHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Mercure reconciliation with the history in a real Redis")
class MercureRedisResumeTest extends MercureResumeTest {

  @Override
  HubFixture fixture() {
    return HubFixture.with(fixture -> MercureHub.overrides(true)
        .put("redis", new JsonObject().put("url", fixture.redisServer().url())))
      .withRedis();
  }
}
