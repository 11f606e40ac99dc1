package io.ssehub.gateway;

import io.ssehub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gateway.webroot} as an operator gives it: an absolute directory of the file system serves its files. */
@ExtendWith(VertxExtension.class)
@DisplayName("gateway.webroot: an absolute path serves the files of that directory")
class WebrootTest {

  private final int port = TestHub.freePort();
  private WebClient web;

  @TempDir
  Path pages;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) throws IOException {
    Files.writeString(pages.resolve("hello.html"), "<p>hello from an absolute webroot</p>");
    web = WebClient.create(vertx);
    TestHub.deploy(vertx, TestHub.config(port, new JsonObject()
        .put("deploy", new JsonArray().add("history").add("gateway"))
        .put("gateway", new JsonObject().put("webroot", pages.toAbsolutePath().toString()))))
      .onComplete(testContext.succeedingThenComplete());
  }

  @AfterEach
  void closeClient() {
    web.close();
  }

  @Test
  @DisplayName("GET /hello.html answers the file of the absolute webroot directory")
  void absoluteWebrootServesItsFiles(VertxTestContext testContext) {
    web.get(port, "127.0.0.1", "/hello.html")
      .send()
      .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.bodyAsString()).isEqualTo("<p>hello from an absolute webroot</p>");
        testContext.completeNow();
      })));
  }
}
