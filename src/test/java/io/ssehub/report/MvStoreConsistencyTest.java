package io.ssehub.report;

import io.ssehub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

@ExtendWith(VertxExtension.class)
@DisplayName("Reports in the embedded H2 MVStore file: races and restarts")
class MvStoreConsistencyTest extends ReportConsistencyCases {

  private final Path storeFile = TestHub.freshStoreFile();

  @Override
  JsonObject reportsConfig() {
    return new JsonObject().put("storeFile", storeFile.toString());
  }

  @Override
  ReportStore openStore(Vertx vertx) {
    return new MvReportStore(vertx, storeFile);
  }
}
