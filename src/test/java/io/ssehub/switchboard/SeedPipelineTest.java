package io.ssehub.switchboard;

import io.ssehub.testing.HubFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/ssec with seed 000's default pipeline (upper, then reverse)")
class SeedPipelineTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<HttpResponse<Buffer>> get(String uri) {
    return hub.get(uri).send();
  }

  @Test
  @DisplayName("/ssec?m=meow%20meow answers exactly the seed's string, as text/html with no trailing newline")
  void seedString(VertxTestContext testContext) {
    Future.all(get("/ssec?m=meow%20meow"), get("/ssec?m=howdy%20cowboy"))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        HttpResponse<Buffer> meow = all.resultAt(0);
        HttpResponse<Buffer> howdy = all.resultAt(1);
        assertThat(meow.statusCode()).isEqualTo(200);
        assertThat(meow.bodyAsString()).isEqualTo(Switchboards.MEOW);
        assertThat(meow.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(howdy.bodyAsString()).isEqualTo("howdy cowboy HOWDY COWBOY YOBWOC YDWOH yobwoc ydwoh");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Text outside ASCII goes through intact (reversed by code point)")
  void unicode(VertxTestContext testContext) {
    get("/ssec?m=%C3%A9t%C3%A9%20%F0%9F%90%B1")
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.bodyAsString()).isEqualTo("été 🐱 ÉTÉ 🐱 🐱 ÉTÉ 🐱 été");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("Without m, or with an empty m, /ssec answers exactly no_reply at once")
  void missingMessage(VertxTestContext testContext) {
    Future.all(get("/ssec"), get("/ssec?m="), get("/ssec?x=1"))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        List<HttpResponse<Buffer>> responses = all.list();
        assertThat(responses).allSatisfy(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.bodyAsString()).isEqualTo("no_reply");
        });
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("After answering, the switchboard holds no ticket, consumer or timer, and counted the answers")
  void nothingLeftBehind(Vertx vertx, VertxTestContext testContext) {
    Future.all(get("/ssec?m=a"), get("/ssec?m=b"), get("/ssec?m=c"))
      .compose(all -> Switchboards.awaitIdle(vertx))
      .onComplete(testContext.succeeding(stats -> testContext.verify(() -> {
        assertThat(stats.getLong("answered")).isEqualTo(3);
        assertThat(stats.getLong("noReply")).isZero();
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("GET /switchboard/stats shows the counts as JSON")
  void statsRoute(VertxTestContext testContext) {
    get("/ssec?m=x")
      .compose(answered -> get("/switchboard/stats"))
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject stats = response.bodyAsJsonObject();
        assertThat(stats.getLong("calls")).isEqualTo(1);
        assertThat(stats.getLong("answered")).isEqualTo(1);
        assertThat(stats.fieldNames()).contains("pendingTickets", "ticketConsumers", "ticketTimers");
        testContext.completeNow();
      })));
  }
}
