package io.ssehub.report;

import io.ssehub.config.ReportsConfig;
import io.ssehub.testing.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

@ExtendWith(VertxExtension.class)
@DisplayName("Reports in a real redis-server: races and restarts")
class RedisStoreConsistencyTest extends ReportConsistencyCases {

  private static RedisServer redis;
  private final String keyPrefix = "test:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  JsonObject reportsConfig() {
    return new JsonObject().put("redis", new JsonObject()
      .put("connectionString", redis.url())
      .put("keyPrefix", keyPrefix));
  }

  @Override
  ReportStore openStore(Vertx vertx) {
    return new RedisReportStore(vertx, new ReportsConfig.RedisStore(redis.url(), keyPrefix));
  }
}
