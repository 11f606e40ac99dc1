package io.ssehub.switchboard;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 {@code /ssec} requests in flight at once, each on its own connection, each with its own text: every
 * one must get its own processed text back (no lost, mixed up or duplicated answers) and the switchboard must
 * keep nothing after. The window is widened to 10 s here, because whether a cold JVM on a shared 2-core
 * machine gets all 1,000 through in 50 ms is a performance question, measured by {@code SsecBench}, not
 * asserted by a test.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("1,000 concurrent /ssec requests")
class ConcurrentSsecTest {

  private static final int REQUESTS = 1000;

  private final HubFixture hub = HubFixture.with(Switchboards.hub(new JsonObject().put("windowMillis", 10_000)))
    .withWebClient(new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(REQUESTS));

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  @DisplayName("All 1,000 are answered with their own processed text, and nothing is kept after")
  void thousandAtOnce(Vertx vertx, VertxTestContext testContext) {
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      answers.add(hub.get("/ssec?m=cat%20" + i).send().map(response -> response.bodyAsString()));
    }
    Future.all(answers)
      .compose(all -> Switchboards.awaitIdle(vertx).map(stats -> {
        testContext.verify(() -> {
          for (int i = 0; i < REQUESTS; i++) {
            assertThat(all.<String>resultAt(i))
              .as("answer to request %d", i)
              .isEqualTo(expected("cat " + i));
          }
          assertThat(stats.getLong("answered")).isEqualTo(REQUESTS);
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  /** Seed 000's upper then reverse. */
  static String expected(String m) {
    String upper = m + " " + m.toUpperCase();
    return upper + " " + new StringBuilder(upper).reverse();
  }
}
