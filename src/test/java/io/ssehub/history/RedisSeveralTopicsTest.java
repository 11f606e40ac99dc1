package io.ssehub.history;

import io.ssehub.testing.HubFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Events of several topics with the history in a real Redis")
class RedisSeveralTopicsTest extends SeveralTopicsCases {

  @Override
  HubFixture fixture() {
    return HubFixture.with(fixture -> new JsonObject()
        .put("deploy", new JsonArray().add("history").add("gateway"))
        .put("redis", new JsonObject().put("url", fixture.redisServer().url())))
      .withRedis();
  }
}
