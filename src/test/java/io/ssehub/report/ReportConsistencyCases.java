package io.ssehub.report;

import io.ssehub.testing.SseClient;
import io.ssehub.testing.SseEvent;
import io.ssehub.testing.SseRecorder;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ssehub.report.ReportStatus.CANCELED;
import static io.ssehub.report.ReportStatus.PROCESSING;
import static io.ssehub.report.ReportStatus.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every report store must keep true, run against each store by a subclass: racing clients never
 * break the state machine and each accepted change is stored and pushed once; a restart keeps all.
 */
abstract class ReportConsistencyCases {

  static final int CLIENTS = 50;
  static final int PUTS_PER_CLIENT = 20;
  static final String EVENT = "report_status_update";
  static final int RACERS = 20;
  static final long RACE_MILLIS = 8_000;

  final String alice = UUID.randomUUID().toString();
  final String bob = UUID.randomUUID().toString();
  final String carol = UUID.randomUUID().toString();
  private SseClient sse;
  private final List<ReportsClient> clients = new ArrayList<>();

  /** The {@code reports} config section of the store under test; the same for every node of one test. */
  abstract JsonObject reportsConfig();

  /** The store under test opened directly, to read what it holds. */
  abstract ReportStore openStore(Vertx vertx);

  @BeforeEach
  void openSse(Vertx vertx) {
    sse = new SseClient(vertx);
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ReportsClient::close);
    sse.close();
  }

  Future<Node> startNode(Vertx vertx) {
    int port = TestHub.freePort();
    ReportsClient client = new ReportsClient(vertx, port, CLIENTS);
    clients.add(client);
    return TestHub.deploy(vertx, TestHub.config(port, new JsonObject().put("reports", reportsConfig())))
      .map(id -> new Node(id, client));
  }

  record Node(String deploymentId, ReportsClient client) {
  }

  @Test
  @Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
  @DisplayName("50 clients racing random changes: every chain of pushed changes is valid, each 202 was stored and pushed once, to the owner only, and other users' changes are 404")
  void racingClients(Vertx vertx, VertxTestContext testContext) {
    Map<String, String> owners = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger foreign = new AtomicInteger();
    startNode(vertx).compose(node -> Future.all(
          sse.open(node.client().port(), "/v4/sse?user_id=" + alice),
          sse.open(node.client().port(), "/v4/sse?user_id=" + bob),
          sse.open(node.client().port(), "/v4/sse?user_id=" + carol),
          createReports(node.client(), owners, accepted))
        .compose(streams -> race(node.client(), owners, accepted, refused, foreign)
          .compose(v -> checkStreams(node.client(), streams.resultAt(0), streams.resultAt(1), streams.resultAt(2),
            owners, accepted, testContext))
          .compose(lastStatuses -> vertx.undeploy(node.deploymentId()).map(lastStatuses)))
        .compose(lastStatuses -> checkStore(vertx, accepted, lastStatuses, testContext)))
      .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
        int total = accepted.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(total + refused.get() + foreign.get()).isEqualTo(CLIENTS * PUTS_PER_CLIENT);
        assertThat(foreign.get()).as("changes asked by a user who does not own the report, all 404").isPositive();
        assertThat(total).isPositive();
        LoggerHolder.LOG.info("Race on {}: {} changes accepted, {} refused", getClass().getSimpleName(), total,
          refused.get());
        testContext.completeNow();
      })));
  }

  private Future<Void> createReports(ReportsClient client, Map<String, String> owners,
      Map<String, AtomicInteger> accepted) {
    List<Future<Void>> created = new ArrayList<>();
    for (String owner : List.of(alice, alice, alice, bob, bob, bob)) {
      created.add(client.newReport(owner).map(id -> {
        owners.put(id, owner);
        accepted.put(id, new AtomicInteger());
        return null;
      }));
    }
    return Future.all(created).mapEmpty();
  }

  /** Each client sends its PUTs one after another, with random reports, statuses and requesting users. */
  private Future<Void> race(ReportsClient client, Map<String, String> owners, Map<String, AtomicInteger> accepted,
      AtomicInteger refused, AtomicInteger foreign) {
    List<String> reports = new ArrayList<>(owners.keySet());
    List<Future<Void>> runs = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Future<Void> run = Future.succeededFuture();
      for (int i = 0; i < PUTS_PER_CLIENT; i++) {
        run = run.compose(v -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          String report = reports.get(random.nextInt(reports.size()));
          ReportStatus target = random.nextInt(40) == 0 ? ReportStatus.COMPLETED
            : ReportStatus.values()[random.nextInt(5)];
          String requester = List.of(alice, bob, carol).get(random.nextInt(3));
          boolean owner = requester.equals(owners.get(report));
          return client.put(requester, report, target.wireName()).map(response -> {
            switch (owner ? response.statusCode() : -response.statusCode()) {
              case 202 -> accepted.get(report).incrementAndGet();
              case 409 -> refused.incrementAndGet();
              case -404 -> foreign.incrementAndGet();
              default -> throw new IllegalStateException("unexpected " + response.statusCode() + ": "
                + response.bodyAsString());
            }
            return null;
          });
        });
      }
      runs.add(run);
    }
    return Future.all(runs).mapEmpty();
  }

  /** Awaits every pushed change, then a marker, and checks each report's chain; gives each report's last status. */
  private Future<Map<String, ReportStatus>> checkStreams(ReportsClient client, SseRecorder aliceStream,
      SseRecorder bobStream, SseRecorder carolStream, Map<String, String> owners, Map<String, AtomicInteger> accepted,
      VertxTestContext testContext) {
    Map<String, ReportStatus> last = new ConcurrentHashMap<>();
    return Future.all(
        awaitAllThenMarker(client, alice, aliceStream, owners, accepted),
        awaitAllThenMarker(client, bob, bobStream, owners, accepted),
        awaitAllThenMarker(client, carol, carolStream, owners, accepted))
      .compose(v -> Future.all(client.reports(alice), client.reports(bob)))
      .map(lists -> {
        testContext.verify(() -> {
          assertThat(carolStream.events()).hasSize(1);
          for (SseRecorder stream : List.of(aliceStream, bobStream)) {
            last.putAll(checkChains(stream.events(), owners, accepted));
          }
          JsonArray listed = new JsonArray().addAll(lists.resultAt(0)).addAll(lists.resultAt(1));
          owners.keySet().forEach(id -> assertThat(ReportRoutesTest.statusOf(listed, id))
            .as("the listed status of %s", id)
            .isEqualTo(last.getOrDefault(id, ReportStatus.PENDING).wireName()));
        });
        return last;
      });
  }

  private Future<Void> awaitAllThenMarker(ReportsClient client, String user, SseRecorder stream,
      Map<String, String> owners, Map<String, AtomicInteger> accepted) {
    int expected = owners.entrySet().stream()
      .filter(entry -> entry.getValue().equals(user))
      .mapToInt(entry -> accepted.get(entry.getKey()).get())
      .sum();
    return stream.awaitEvents(expected)
      .compose(v -> client.newReport(user))
      .compose(marker -> client.put(user, marker, "canceled")
        .compose(v -> stream.awaitEvents(expected + 1))
        .map(events -> {
          if (stream.events().size() != expected + 1
              || !stream.events().get(expected).data().contains(marker)) {
            throw new AssertionError(user + "'s stream has " + stream.events().size() + " events where "
              + expected + " changes and one marker were pushed: " + stream.events());
          }
          return null;
        }));
  }

  /** Each report's pushed changes, in order, are valid moves from pending, as many as the PUTs that got 202. */
  private static Map<String, ReportStatus> checkChains(List<SseEvent> events, Map<String, String> owners,
      Map<String, AtomicInteger> accepted) {
    Map<String, ReportStatus> current = new ConcurrentHashMap<>();
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    for (SseEvent event : events.subList(0, events.size() - 1)) {
      assertThat(event.event()).isEqualTo(EVENT);
      JsonObject change = new JsonObject(event.data());
      String id = change.getString("id");
      assertThat(owners).containsKey(id);
      ReportStatus from = current.getOrDefault(id, ReportStatus.PENDING);
      ReportStatus to = ReportStatus.fromWire(change.getString("status")).orElseThrow();
      assertThat(from.canMoveTo(to)).as("report %s pushed %s after %s", id, to, from).isTrue();
      current.put(id, to);
      counts.merge(id, 1, Integer::sum);
    }
    counts.forEach((id, count) -> assertThat(count).as("changes pushed for %s", id).isEqualTo(accepted.get(id).get()));
    return current;
  }

  private Future<Void> checkStore(Vertx vertx, Map<String, AtomicInteger> accepted,
      Map<String, ReportStatus> lastStatuses, VertxTestContext testContext) {
    ReportStore store = openStore(vertx);
    return store.open()
      .compose(v -> Future.all(accepted.keySet().stream().map(store::find).toList()))
      .map(found -> {
        testContext.verify(() -> {
          for (Object result : found.list()) {
            Report report = ((Optional<?>) result).map(Report.class::cast).orElseThrow();
            assertThat(report.version()).as("stored changes of %s", report.reportId())
              .isEqualTo(accepted.get(report.reportId()).get());
            assertThat(report.status()).isEqualTo(lastStatuses.getOrDefault(report.reportId(), ReportStatus.PENDING));
          }
        });
        return null;
      })
      .eventually(store::close)
      .mapEmpty();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Another user's change of a report is 404 without its state, and nothing is stored or pushed to the owner")
  void crossUserChangeRefused(Vertx vertx, VertxTestContext testContext) {
    startNode(vertx).compose(node -> Future.all(sse.open(node.client().port(), "/v4/sse?user_id=" + alice),
          node.client().newReport(alice))
        .compose(opened -> {
          SseRecorder aliceStream = opened.resultAt(0);
          String report = opened.resultAt(1);
          return node.client().put(bob, report, "queued")
            .compose(queued -> node.client().put(bob, report, "processing")
              .compose(invalid -> node.client().reports(alice)
                .compose(listed -> node.client().put(alice, report, "canceled")
                  .compose(own -> aliceStream.awaitEvents(1))
                  .compose(events -> vertx.undeploy(node.deploymentId()))
                  .compose(v -> readStored(vertx, report))
                  .map(stored -> {
                    testContext.verify(() -> {
                      for (var refused : List.of(queued, invalid)) {
                        assertThat(refused.statusCode()).isEqualTo(404);
                        assertThat(refused.bodyAsString()).startsWith("No report has the id " + report)
                          .doesNotContain("pending").doesNotContain("cannot move");
                      }
                      assertThat(ReportRoutesTest.statusOf(listed, report)).isEqualTo("pending");
                      assertThat(aliceStream.events()).hasSize(1);
                      assertThat(new JsonObject(aliceStream.events().get(0).data()).getString("status"))
                        .isEqualTo("canceled");
                      assertThat(stored.version()).as("stored changes").isEqualTo(1);
                      assertThat(stored.status()).isEqualTo(ReportStatus.CANCELED);
                    });
                    return null;
                  }))));
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  /** The report as the store under test holds it, read after the node is gone. */
  private Future<Report> readStored(Vertx vertx, String reportId) {
    ReportStore store = openStore(vertx);
    return store.open()
      .compose(v -> store.find(reportId))
      .map(found -> found.orElseThrow())
      .eventually(store::close);
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("20 clients racing changes of one report for 8 s: the pushes are a valid chain with versions 1, 2, 3, ..., each equal to what was stored")
  void oneReportRace(Vertx vertx, VertxTestContext testContext) {
    AtomicInteger accepted = new AtomicInteger();
    startNode(vertx).compose(node -> Future.all(sse.open(node.client().port(), "/v4/sse?user_id=" + alice),
          node.client().newReport(alice))
        .compose(opened -> {
          SseRecorder stream = opened.resultAt(0);
          String report = opened.resultAt(1);
          long end = System.currentTimeMillis() + RACE_MILLIS;
          List<Future<Void>> racers = new ArrayList<>();
          for (int c = 0; c < RACERS; c++) {
            racers.add(raceUntil(node.client(), report, end, accepted));
          }
          return Future.all(racers)
            .compose(v -> stream.awaitEvents(accepted.get()))
            .compose(events -> vertx.undeploy(node.deploymentId()).map(events))
            .compose(events -> readStored(vertx, report).map(stored -> {
              testContext.verify(() -> {
                assertThat(accepted.get()).isPositive();
                assertThat(events).hasSize(accepted.get());
                ReportStatus from = ReportStatus.PENDING;
                long version = 0;
                for (SseEvent event : events) {
                  JsonObject change = new JsonObject(event.data());
                  ReportStatus to = ReportStatus.fromWire(change.getString("status")).orElseThrow();
                  assertThat(from.canMoveTo(to)).as("push %s after %s: %s", to, from, events).isTrue();
                  assertThat(change.getLong("version")).as("the version pushed after %s", version)
                    .isEqualTo(version + 1);
                  assertThat(change.fieldNames()).containsExactly("id", "status", "version");
                  from = to;
                  version++;
                }
                assertThat(stored.version()).isEqualTo(version);
                assertThat(stored.status()).isEqualTo(from);
              });
              return null;
            }));
        }))
      .onComplete(testContext.succeedingThenComplete());
  }

  /**
   * One client's PUTs of random non-final statuses, one after another, until {@code end}. Each PUT is sent from the
   * previous one's answer into one promise, not by composing a future per PUT: a chain of thousands of nested
   * futures completes recursively at the end and overflowed the event loop's stack (CI saw StackOverflowError in
   * every racer, and the test time out).
   */
  private Future<Void> raceUntil(ReportsClient client, String report, long end, AtomicInteger accepted) {
    Promise<Void> done = Promise.promise();
    nextPut(client, report, end, accepted, done);
    return done.future();
  }

  private void nextPut(ReportsClient client, String report, long end, AtomicInteger accepted, Promise<Void> done) {
    if (System.currentTimeMillis() >= end) {
      done.complete();
      return;
    }
    ReportStatus target = ReportStatus.values()[ThreadLocalRandom.current().nextInt(5)];
    client.put(alice, report, target.wireName()).onComplete(answer -> {
      if (answer.failed()) {
        done.fail(answer.cause());
      } else if (answer.result().statusCode() == 202) {
        accepted.incrementAndGet();
        nextPut(client, report, end, accepted, done);
      } else if (answer.result().statusCode() == 409) {
        nextPut(client, report, end, accepted, done);
      } else {
        done.fail("unexpected " + answer.result().statusCode() + ": " + answer.result().bodyAsString());
      }
    });
  }


  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A restart keeps every report, owner and status, and changes go on from the stored status")
  void restartKeepsReports(Vertx vertx, VertxTestContext testContext) {
    List<String> ids = new ArrayList<>();
    startNode(vertx)
      .compose(first -> first.client().newReport(alice).map(ids::add)
        .compose(v -> first.client().newReport(alice).map(ids::add))
        .compose(v -> first.client().newReport(bob).map(ids::add))
        .compose(created -> {
          return Future.all(first.client().walk(alice, ids.get(0), List.of(QUEUED, PROCESSING)),
            first.client().walk(alice, ids.get(1), List.of(CANCELED)),
            first.client().walk(bob, ids.get(2), List.of(QUEUED)));
        })
        .compose(moved -> Future.all(first.client().reports(alice), first.client().reports(bob)))
        .compose(before -> vertx.undeploy(first.deploymentId()).map(before)))
      .compose(before -> startNode(vertx).compose(second -> sse.open(second.client().port(), "/v4/sse?user_id=" + alice)
        .compose(stream -> Future.all(second.client().reports(alice), second.client().reports(bob))
          .compose(after -> second.client().put(alice, ids.get(0), "completed")
            .compose(completed -> second.client().put(alice, ids.get(1), "queued")
              .compose(refused -> stream.awaitEvents(1).map(events -> {
                testContext.verify(() -> {
                  assertThat(after.<JsonArray>resultAt(0)).isEqualTo(before.resultAt(0));
                  assertThat(after.<JsonArray>resultAt(1)).isEqualTo(before.resultAt(1));
                  assertThat(after.<JsonArray>resultAt(0)).extracting(report -> ((JsonObject) report).getString("reportStatus"))
                    .containsExactly("processing", "canceled");
                  assertThat(after.<JsonArray>resultAt(1).getJsonObject(0).getString("reportStatus")).isEqualTo("queued");
                  assertThat(completed.statusCode()).isEqualTo(202);
                  assertThat(refused.statusCode()).isEqualTo(409);
                  assertThat(events.get(0).data()).isEqualTo("{\"id\":\"" + ids.get(0) + "\",\"status\":\"completed\",\"version\":3}");
                });
                return null;
              })))))))
      .onComplete(testContext.succeedingThenComplete());
  }

  private static final class LoggerHolder {
    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReportConsistencyCases.class);
  }
}
