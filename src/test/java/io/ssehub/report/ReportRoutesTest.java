package io.ssehub.report;

import io.ssehub.testing.HubFixture;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ssehub.report.ReportStatus.CANCELED;
import static io.ssehub.report.ReportStatus.COMPLETED;
import static io.ssehub.report.ReportStatus.FAILED;
import static io.ssehub.report.ReportStatus.PENDING;
import static io.ssehub.report.ReportStatus.PROCESSING;
import static io.ssehub.report.ReportStatus.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Seed 004 v4 routes: create, list, change status, and the owner's live stream")
class ReportRoutesTest {

  /** A valid way from pending to each status. */
  static final Map<ReportStatus, List<ReportStatus>> PATHS = Map.of(
    PENDING, List.of(),
    QUEUED, List.of(QUEUED),
    PROCESSING, List.of(QUEUED, PROCESSING),
    CANCELED, List.of(CANCELED),
    FAILED, List.of(QUEUED, PROCESSING, FAILED),
    COMPLETED, List.of(QUEUED, PROCESSING, COMPLETED));

  private final HubFixture hub = HubFixture.with(new JsonObject()
    .put("reports", new JsonObject().put("keepAliveMillis", 500)));
  private final String alice = UUID.randomUUID().toString();
  private final String bob = UUID.randomUUID().toString();
  private ReportsClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    client = new ReportsClient(vertx, hub.port(), 40);
    hub.deploy(vertx).onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void close() {
    client.close();
    hub.close();
  }

  @Test
  @DisplayName("A new report is 201 with the seed's JSON, pending, and only its owner's list shows it")
  void createAndList(VertxTestContext testContext) {
    client.create(alice)
      .compose(created -> client.list(alice)
        .compose(aliceList -> client.list(bob)
          .map(bobList -> {
            testContext.verify(() -> {
              assertThat(created.statusCode()).isEqualTo(201);
              assertThat(created.getHeader("Content-Type")).isEqualTo("application/json");
              JsonObject report = created.bodyAsJsonObject();
              assertThat(report.fieldNames()).containsExactly("userId", "reportId", "reportStatus");
              assertThat(report.getString("userId")).isEqualTo(alice);
              assertThat(report.getString("reportId")).matches("[0-9a-f-]{36}");
              assertThat(report.getString("reportStatus")).isEqualTo("pending");
              assertThat(aliceList.statusCode()).isEqualTo(200);
              assertThat(aliceList.bodyAsJsonArray()).containsExactly(report);
              assertThat(bobList.statusCode()).isEqualTo(200);
              assertThat(bobList.bodyAsString()).isEqualTo("[]");
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("A change is 202 and reaches only the owner's stream as the seed's frame with its version; another user's change of it is 404")
  void changeReachesOnlyTheOwner(VertxTestContext testContext) {
    Future.all(hub.open("/v4/sse?user_id=" + alice), hub.open("/v4/sse?user_id=" + bob),
        client.newReport(alice), client.newReport(bob))
      .compose(all -> {
        SseRecorder aliceStream = all.resultAt(0);
        SseRecorder bobStream = all.resultAt(1);
        String aliceReport = all.resultAt(2);
        String bobReport = all.resultAt(3);
        return client.put(bob, aliceReport, "queued")
          .compose(foreign -> client.put(alice, aliceReport, "queued").map(foreign))
          .compose(foreign -> aliceStream.awaitEvents(1).map(foreign))
          .compose(foreign -> client.put(bob, bobReport, "canceled").map(foreign))
          .compose(foreign -> bobStream.awaitEvents(1).map(foreign))
          .map(foreign -> {
            testContext.verify(() -> {
              assertThat(foreign.statusCode()).isEqualTo(404);
              assertThat(foreign.bodyAsString()).startsWith("No report has the id " + aliceReport);
              assertThat(aliceStream.events()).extracting(SseEvent::data)
                .containsExactly("{\"id\":\"" + aliceReport + "\",\"status\":\"queued\",\"version\":1}");
            });
            return foreign;
          })
          .compose(v -> client.put(alice, aliceReport, "canceled"))
          .compose(accepted -> aliceStream.awaitEvents(2)
            .compose(aliceEvents -> client.put(bob, bobReport, "canceled"))
            .compose(marker -> bobStream.awaitEvents(1))
            .map(bobEvents -> {
              testContext.verify(() -> {
                assertThat(accepted.statusCode()).isEqualTo(202);
                assertThat(accepted.body()).isNull();
                assertThat(aliceStream.status()).isEqualTo(200);
                assertThat(aliceStream.headers().get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
                assertThat(aliceStream.lines()).containsSequence("event: report_status_update",
                  "data: {\"id\":\"" + aliceReport + "\",\"status\":\"queued\",\"version\":1}", "");
                assertThat(aliceStream.events()).extracting(SseEvent::event)
                  .containsExactly("report_status_update", "report_status_update");
                assertThat(bobStream.events()).extracting(SseEvent::data)
                  .containsExactly("{\"id\":\"" + bobReport + "\",\"status\":\"canceled\",\"version\":1}");
              });
              return null;
            }));
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("All 36 status pairs over HTTP: the 8 valid moves are 202, the other 28 are 409 and change nothing")
  void allThirtySixPairs(VertxTestContext testContext) {
    List<Future<String>> outcomes = new ArrayList<>();
    for (ReportStatus from : ReportStatus.values()) {
      for (ReportStatus to : ReportStatus.values()) {
        outcomes.add(client.newReport(alice)
          .compose(id -> client.walk(alice, id, PATHS.get(from))
            .compose(v -> client.put(alice, id, to.wireName()))
            .compose(response -> client.reports(alice).map(list -> from.wireName() + "->" + to.wireName() + " "
              + response.statusCode() + " " + statusOf(list, id) + " " + response.bodyAsString()))));
      }
    }
    Future.all(outcomes).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
      List<String> lines = all.list();
      assertThat(lines).hasSize(36);
      List<String> accepted = lines.stream().filter(line -> line.contains(" 202 ")).toList();
      assertThat(accepted).containsExactlyInAnyOrder(
        "pending->queued 202 queued null", "pending->canceled 202 canceled null",
        "queued->processing 202 processing null", "queued->canceled 202 canceled null",
        "processing->completed 202 completed null", "processing->failed 202 failed null",
        "failed->pending 202 pending null", "canceled->pending 202 pending null");
      List<String> refused = lines.stream().filter(line -> !line.contains(" 202 ")).toList();
      assertThat(refused).hasSize(28).allSatisfy(line -> {
        String from = line.substring(0, line.indexOf("->"));
        assertThat(line).contains(" 409 " + from + " Report ").contains("cannot move to");
      });
      assertThat(String.join("\n", refused)).contains("which is final");
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("Unknown reports, unknown statuses, bad ids and bad JSON each get their 4xx with a sentence")
  void refusals(VertxTestContext testContext) {
    client.newReport(alice)
      .compose(id -> Future.all(List.of(
        client.put(alice, UUID.randomUUID().toString(), "queued"),
        client.put(alice, id, "done"),
        client.put(alice, id, "QUEUED"),
        client.put(alice, "not-a-uuid", "queued"),
        client.putBody(alice, "{\"id\":"),
        client.putBody(alice, "[1,2]"),
        client.putBody(alice, ""))))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        List<HttpResponse<Buffer>> responses = all.list();
        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(404, 422, 422, 422, 400, 400, 400);
        assertThat(responses.get(0).bodyAsString()).startsWith("No report has the id ");
        assertThat(responses.get(1).bodyAsString()).contains("\"status\" must be one of pending, queued");
        assertThat(responses.get(2).bodyAsString()).contains("found \"QUEUED\"");
        assertThat(responses.get(3).bodyAsString()).contains("\"id\" must be the UUID of a report");
        assertThat(responses.get(4).bodyAsString()).startsWith("The body is not valid JSON");
        assertThat(responses.get(5).bodyAsString()).startsWith("The body is JSON but not an object");
        assertThat(responses.get(6).bodyAsString()).startsWith("The body is empty");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("A user_id that is missing or not a UUID gets 400 on every v4 route")
  void userIdMustBeUuid(VertxTestContext testContext) {
    Future.all(List.of(
        hub.post("/v4/new/report?user_id=bob").send(),
        hub.get("/v4/reports?user_id=1-2-3-4-5").send(),
        hub.put("/v4/report?user_id=" + alice + "x").sendBuffer(Buffer.buffer("{}")),
        hub.get("/v4/sse?user_id=").send(),
        hub.get("/v4/reports").send()))
      .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
        List<HttpResponse<Buffer>> responses = all.list();
        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(400));
        assertThat(responses.get(0).bodyAsString()).isEqualTo("The user_id \"bob\" is not a UUID; send one such as "
          + "046fe7f4-c0e6-4d51-81ab-572deddc8142 (uuidgen makes one).\n");
        assertThat(responses.get(3).bodyAsString()).startsWith("Missing query parameter 'user_id'");
        assertThat(responses.get(4).bodyAsString()).startsWith("Missing query parameter 'user_id'");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("An uppercase user_id is the same user as its lowercase form, and the stream keeps alive with keep-alive-text")
  void uppercaseUserIdAndKeepAlive(VertxTestContext testContext) {
    hub.open("/v4/sse?user_id=" + alice.toUpperCase())
      .compose(stream -> client.newReport(alice)
        .compose(id -> client.put(alice.toUpperCase(), id, "canceled")
          .compose(v -> stream.awaitEvents(1))
          .compose(events -> stream.awaitComments(1))
          .compose(v -> client.reports(alice.toUpperCase()))
          .map(list -> {
            testContext.verify(() -> {
              assertThat(stream.events().get(0).data()).isEqualTo("{\"id\":\"" + id + "\",\"status\":\"canceled\",\"version\":1}");
              assertThat(stream.comments()).first().isEqualTo("keep-alive-text");
              assertThat(stream.lines()).contains(": keep-alive-text");
              assertThat(list).hasSize(1);
            });
            return null;
          })))
      .onComplete(testContext.succeedingThenComplete());
  }

  static String statusOf(JsonArray reports, String id) {
    return reports.stream()
      .map(JsonObject.class::cast)
      .filter(report -> report.getString("reportId").equals(id))
      .map(report -> report.getString("reportStatus"))
      .findFirst()
      .orElse("missing");
  }
}
