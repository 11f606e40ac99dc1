package io.ssehub.report;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** Seed 004 v4's HTTP calls, as the seed's frontend and update_report_status.sh make them. */
final class ReportsClient {

  private final WebClient web;
  private final int port;

  ReportsClient(Vertx vertx, int port, int connections) {
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
      new PoolOptions().setHttp1MaxSize(connections));
    this.port = port;
  }

  int port() {
    return port;
  }

  Future<HttpResponse<Buffer>> create(String userId) {
    return web.post("/v4/new/report?user_id=" + userId).send();
  }

  /** Creates a report and gives its id, failing unless the hub answered 201. */
  Future<String> newReport(String userId) {
    return create(userId).map(response -> {
      if (response.statusCode() != 201) {
        throw new IllegalStateException("POST /v4/new/report answered " + response.statusCode() + ": "
          + response.bodyAsString());
      }
      return response.bodyAsJsonObject().getString("reportId");
    });
  }

  Future<HttpResponse<Buffer>> list(String userId) {
    return web.get("/v4/reports?user_id=" + userId).send();
  }

  Future<JsonArray> reports(String userId) {
    return list(userId).map(HttpResponse::bodyAsJsonArray);
  }

  Future<HttpResponse<Buffer>> put(String userId, String reportId, String status) {
    return putBody(userId, new JsonObject().put("id", reportId).put("status", status).encode());
  }

  Future<HttpResponse<Buffer>> putBody(String userId, String body) {
    return web.put("/v4/report?user_id=" + userId)
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(body));
  }

  /** Moves a report along {@code statuses} one PUT after another, failing on the first that is not 202. */
  Future<Void> walk(String userId, String reportId, Iterable<ReportStatus> statuses) {
    Future<Void> chain = Future.succeededFuture();
    for (ReportStatus status : statuses) {
      chain = chain.compose(v -> put(userId, reportId, status.wireName()).map(response -> {
        if (response.statusCode() != 202) {
          throw new IllegalStateException("PUT " + status.wireName() + " answered " + response.statusCode() + ": "
            + response.bodyAsString());
        }
        return null;
      }));
    }
    return chain;
  }

  void close() {
    web.close();
  }
}
