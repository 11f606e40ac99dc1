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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 000's ticket API end to end over HTTP: {@code /q}, {@code /ssep/{listenerId}}, {@code /sink_to} and
 * {@code /flush}. Where a test delivers a result itself, the hub runs no processors and a window of 2 s, so
 * that the test's own requests are not racing the 50 ms window.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The ticket API: /q, /ssep, /sink_to and /flush")
class TicketApiTest {

  private static final String SSEP = "/ssep/";

  private final HubFixture hub = HubFixture.defaults();

  @BeforeEach
  void start(Vertx vertx) {
    hub.start(vertx);
  }

  @AfterEach
  void close() {
    hub.close();
  }

  private Future<String> seedHub(Vertx vertx) {
    return hub.deploy(new JsonObject());
  }

  private Future<String> manualHub(Vertx vertx, JsonObject switchboard) {
    return hub.deploy(Switchboards.hubWithoutProcessors(switchboard.put("windowMillis", 2000)));
  }

  private Future<HttpResponse<Buffer>> get(String uri) {
    return hub.get(uri).send();
  }

  /** Opens a ticket with /q and answers the listener id at the end of the URL it got. */
  private Future<String> openTicket(String query) {
    return get("/q" + query).map(response -> {
      String url = response.bodyAsString();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(url).startsWith("http://127.0.0.1:" + hub.port() + SSEP);
      return url.substring(url.indexOf(SSEP) + SSEP.length());
    });
  }

  @Test
  @DisplayName("/q answers an /ssep URL whose one-shot stream carries the pipeline's result once, then timed_out")
  void queueThenCollect(Vertx vertx, VertxTestContext testContext) {
    seedHub(vertx)
      .compose(id -> openTicket("?m=meow%20meow"))
      .compose(listenerId -> get(SSEP + listenerId)
        .compose(first -> get(SSEP + listenerId).map(second -> {
          testContext.verify(() -> {
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.getHeader("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
            assertThat(first.bodyAsString()).isEqualTo("data: " + Switchboards.MEOW + "\n\n");
            assertThat(second.bodyAsString()).isEqualTo("data: timed_out\n\n");
          });
          return null;
        })))
      .compose(v -> Switchboards.awaitIdle(vertx))
      .onComplete(testContext.succeeding(stats -> testContext.verify(() -> {
        assertThat(stats.getLong("collected")).isEqualTo(1);
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("An external processor's /sink_to delivers to the ticket, whether /ssep came before or after it")
  void sinkDelivers(Vertx vertx, VertxTestContext testContext) {
    manualHub(vertx, new JsonObject())
      .compose(id -> Future.all(openTicket("?m=first"), openTicket("?m=second")))
      .compose(tickets -> {
        String early = tickets.resultAt(0);
        String late = tickets.resultAt(1);
        Future<HttpResponse<Buffer>> waiting = get(SSEP + late);
        return get("/sink_to?listener_id=" + early + "&m=hello%20world")
          .compose(sunk -> get(SSEP + early).map(collected -> {
            testContext.verify(() -> {
              assertThat(sunk.statusCode()).isEqualTo(200);
              assertThat(sunk.bodyAsString()).isEqualTo(early);
              assertThat(collected.bodyAsString()).isEqualTo("data: hello world\n\n");
            });
            return null;
          }))
          .compose(v -> get("/sink_to?listener_id=" + late + "&m=later"))
          .compose(v -> waiting);
      })
      .onComplete(testContext.succeeding(waited -> testContext.verify(() -> {
        assertThat(waited.bodyAsString()).isEqualTo("data: later\n\n");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("/sink_to without listener_id answers 400 no_reply; with one it answers the listener_id")
  void sinkWithoutListener(Vertx vertx, VertxTestContext testContext) {
    seedHub(vertx)
      .compose(id -> Future.all(get("/sink_to?m=x"), get("/sink_to?listener_id=abc")))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        HttpResponse<Buffer> missing = all.resultAt(0);
        HttpResponse<Buffer> noMessage = all.resultAt(1);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.bodyAsString()).isEqualTo("no_reply");
        assertThat(noMessage.statusCode()).isEqualTo(200);
        assertThat(noMessage.bodyAsString()).isEqualTo("abc");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("/ssep of an unknown ticket, or of one whose result never comes within the window, says timed_out")
  void timedOut(Vertx vertx, VertxTestContext testContext) {
    hub.deploy(Switchboards.hubWithoutProcessors(new JsonObject()))
      .compose(id -> openTicket("?m=nobody%20answers"))
      .compose(listenerId -> Future.all(get(SSEP + "no-such-ticket"), get(SSEP + listenerId)))
      .compose(all -> Switchboards.awaitIdle(vertx).map(stats -> {
        testContext.verify(() -> {
          assertThat(((HttpResponse<Buffer>) all.resultAt(0)).bodyAsString()).isEqualTo("data: timed_out\n\n");
          assertThat(((HttpResponse<Buffer>) all.resultAt(1)).bodyAsString()).isEqualTo("data: timed_out\n\n");
          assertThat(stats.getLong("timedOut")).isEqualTo(1);
        });
        return null;
      }))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("/flush answers ok and really drops pending tickets: their /ssep says timed_out, nothing is kept")
  void flushClears(Vertx vertx, VertxTestContext testContext) {
    manualHub(vertx, new JsonObject())
      .compose(id -> Future.all(openTicket("?m=a"), openTicket("?m=b")))
      .compose(tickets -> Switchboards.stats(vertx)
        .compose(before -> get("/flush").map(flushed -> {
          testContext.verify(() -> {
            assertThat(before.getInteger("pendingTickets")).isEqualTo(2);
            assertThat(flushed.bodyAsString()).isEqualTo("ok");
          });
          return null;
        }))
        .compose(v -> Switchboards.awaitIdle(vertx))
        .compose(idle -> get("/sink_to?listener_id=" + tickets.resultAt(0) + "&m=too%20late"))
        .compose(v -> get(SSEP + tickets.resultAt(0))))
      .onComplete(testContext.succeeding(collected -> testContext.verify(() -> {
        assertThat(collected.bodyAsString()).isEqualTo("data: timed_out\n\n");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A ticket nobody collects expires after ticketTtlMillis, leaving nothing behind")
  void uncollectedTicketExpires(Vertx vertx, VertxTestContext testContext) {
    manualHub(vertx, new JsonObject().put("ticketTtlMillis", 100))
      .compose(id -> openTicket("?m=forgotten"))
      .compose(listenerId -> Switchboards.awaitIdle(vertx))
      .onComplete(testContext.succeeding(stats -> testContext.verify(() -> {
        assertThat(stats.getLong("expired")).isEqualTo(1);
        testContext.completeNow();
      })));
  }
}
