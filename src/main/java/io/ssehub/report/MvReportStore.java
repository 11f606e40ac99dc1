package io.ssehub.report;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Reports in one H2 MVStore file, for a single node. Two maps: {@code reports} (report id to
 * {@code {userId, status, version, createdAt}} as JSON text) and {@code reportsByUser}
 * ({@code <userId>/<createdAt>/<reportId>}, so that a user's reports are one ordered key range).
 *
 * <p>Every call runs in ordered {@code executeBlocking}, so changes complete in the order they were
 * stored; {@link #move} is a compare-and-set with {@link MVMap#replace(Object, Object, Object)}, and each
 * change is committed to the file before it is reported as done.
 */
public final class MvReportStore implements ReportStore {

  private static final int MAX_RETRIES = 100;

  private final Vertx vertx;
  private final Path file;
  private MVStore store;
  private MVMap<String, String> reports;
  private MVMap<String, String> byUser;
  private long lastCreatedAt;

  public MvReportStore(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  @Override
  public Future<Void> open() {
    return blocking(() -> {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      store = new MVStore.Builder()
        .fileName(file.toString())
        .open();
      reports = store.openMap("reports");
      byUser = store.openMap("reportsByUser");
      return null;
    });
  }

  @Override
  public Future<Report> create(String userId) {
    return blocking(() -> {
      lastCreatedAt = Math.max(System.currentTimeMillis(), lastCreatedAt + 1);
      Report report = Report.created(userId, UUID.randomUUID().toString(), lastCreatedAt);
      byUser.put(indexKey(report), report.reportId());
      reports.put(report.reportId(), encode(report));
      store.commit();
      return report;
    });
  }

  @Override
  public Future<List<Report>> listFor(String userId) {
    return blocking(() -> {
      List<Report> list = new ArrayList<>();
      String prefix = userId + "/";
      Cursor<String, String> cursor = byUser.cursor(prefix);
      while (cursor.hasNext() && cursor.next().startsWith(prefix)) {
        String text = reports.get(cursor.getValue());
        if (text != null) {
          list.add(decode(cursor.getValue(), text));
        }
      }
      return list;
    });
  }

  @Override
  public Future<Optional<Report>> find(String reportId) {
    return blocking(() -> Optional.ofNullable(reports.get(reportId)).map(text -> decode(reportId, text)));
  }

  @Override
  public Future<Transition> move(String reportId, String userId, ReportStatus target) {
    return blocking(() -> compareAndSet(reportId, userId, target));
  }

  @Override
  public Future<Void> close() {
    return blocking(() -> {
      if (store != null && !store.isClosed()) {
        store.close();
      }
      return null;
    });
  }

  private Transition compareAndSet(String reportId, String userId, ReportStatus target) throws IOException {
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      String current = reports.get(reportId);
      if (current == null) {
        return Transition.unknownReport();
      }
      Report report = decode(reportId, current);
      if (!report.userId().equals(userId)) {
        return Transition.notOwned();
      }
      if (!report.status().canMoveTo(target)) {
        return Transition.invalid(report);
      }
      Report after = report.movedTo(target);
      if (reports.replace(reportId, current, encode(after))) {
        store.commit();
        return Transition.accepted(after, report.status());
      }
    }
    throw new IOException("report " + reportId + " kept changing under " + MAX_RETRIES + " attempts to move it");
  }

  /**
   * Runs {@code work} after every earlier call, and hands its outcome to the caller's context from the
   * worker, in that same order, so that callers see the changes in the order they were stored.
   */
  private <T> Future<T> blocking(Callable<T> work) {
    Context caller = vertx.getOrCreateContext();
    Promise<T> outcome = Promise.promise();
    vertx.executeBlocking(() -> {
      try {
        T result = work.call();
        caller.runOnContext(v -> outcome.complete(result));
      } catch (Exception e) {
        caller.runOnContext(v -> outcome.fail(e));
      }
      return null;
    }, true);
    return outcome.future();
  }

  private static String indexKey(Report report) {
    return report.userId() + "/" + String.format("%016x", report.createdAt()) + "/" + report.reportId();
  }

  private static String encode(Report report) {
    return new JsonObject()
      .put("userId", report.userId())
      .put("status", report.status().wireName())
      .put("version", report.version())
      .put("createdAt", report.createdAt())
      .encode();
  }

  private static Report decode(String reportId, String text) {
    JsonObject json = new JsonObject(text);
    return new Report(json.getString("userId"), reportId, ReportStatus.fromWire(json.getString("status")).orElseThrow(),
      json.getLong("version"), json.getLong("createdAt"));
  }
}
