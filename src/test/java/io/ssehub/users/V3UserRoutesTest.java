package io.ssehub.users;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Seed 004 v3 over HTTP: the v2 routes under /v3, with users of their own, and no Kafka needed")
class V3UserRoutesTest {

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<HttpResponse<Buffer>> post(String uri, String body) {
    return hub.post(uri).sendBuffer(Buffer.buffer(body));
  }

  @Test
  @DisplayName("POST /v3/message answers 204 and reaches /v3/sse of that user, and a v2 message of the same name does not")
  void v3MessageReachesOnlyV3Stream(VertxTestContext testContext) {
    hub.open("/v3/sse?username=demo")
      .compose(stream -> post("/v2/message?username=demo", "for v2 only")
        .compose(v2 -> post("/v3/message?username=demo", "héllo v3 🤠")
          .compose(v3 -> stream.awaitEvents(1).map(events -> {
            testContext.verify(() -> {
              assertThat(v2.statusCode()).isEqualTo(204);
              assertThat(v3.statusCode()).isEqualTo(204);
              assertThat(stream.events()).extracting(SseEvent::data).containsExactly("héllo v3 🤠");
            });
            return null;
          }))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A missing username on /v3/sse gets a 400 that shows the right query")
  void missingUsername(VertxTestContext testContext) {
    hub.get("/v3/sse").send()
      .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsString()).contains("/v3/sse?username=");
        testContext.completeNow();
      })));
  }
}
