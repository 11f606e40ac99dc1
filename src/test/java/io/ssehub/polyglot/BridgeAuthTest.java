package io.ssehub.polyglot;

import io.ssehub.security.Tokens;
import io.ssehub.testing.BridgeClient;
import io.ssehub.testing.ProcessOutput;
import io.ssehub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("With auth on, every bridge frame carries a token that allows its address")
class BridgeAuthTest {

  private static final String MEOW = "meow meow MEOW MEOW WOEM WOEM woem woem";

  private final int port = TestHub.freePort();
  private final int bridgePort = TestHub.freePort();
  private final String node = "bridge-auth-test-" + port;
  private final BusProcesses processes = new BusProcesses(bridgePort);
  private Vertx vertx;
  private Tokens tokens;
  private JWTAuth jwt;
  private WebClient web;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    tokens = new Tokens(vertx);
    jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Tokens.SECRET)));
    web = WebClient.create(vertx);
    JsonObject config = Bridges.hub(node, port, bridgePort)
      .put("auth", Tokens.authSection())
      .put("switchboard", Bridges.busPipeline(1000, "upper", "reverse:reverse").put("warmUpCalls", 0));
    await(TestHub.deploy(vertx, config));
  }

  @AfterEach
  void stop() throws InterruptedException {
    processes.stopAll();
    web.close();
  }

  @Test
  @DisplayName("A Python processor whose token lists its stage serves it; one whose token lists another stage is "
    + "refused and exits; frames without a token or with a forged one are refused; each refusal is counted")
  void tokensDecideWhoServesAStage() throws Exception {
    processes.python("upper", "--token", stages("upper"));
    String answer = await(web.get(port, "127.0.0.1", "/ssec?m=meow%20meow")
      .bearerTokenAuthentication(tokens.publisher("switchboard"))
      .send()).bodyAsString();
    assertThat(answer).isEqualTo(MEOW);

    ProcessOutput impostor = processes.pythonUnready("upper", "--token", stages("reverse"));
    assertThat(impostor.exit(20_000)).isEqualTo(2);
    assertThat(impostor.lines()).contains("bridge refused: blocked by bridgeEvent handler");

    BridgeClient raw = await(BridgeClient.connect(vertx, bridgePort));
    raw.write(BridgeClient.register("processor.upper", new JsonObject()));
    JsonObject noToken = await(raw.next("err", 5000));
    raw.write(BridgeClient.register("processor.upper", BridgeClient.bearer(Tokens.forged(vertx, "mallory"))));
    JsonObject forged = await(raw.next("err", 5000));
    await(raw.close());

    assertThat(noToken.getString("message")).isEqualTo("blocked by bridgeEvent handler");
    assertThat(forged.getString("message")).isEqualTo("blocked by bridgeEvent handler");
    String manager = tokens.manager("ops");
    assertThat(await(Bridges.refused(web, port, node, "claims", manager))).isEqualTo(1.0);
    assertThat(await(Bridges.refused(web, port, node, "token", manager))).isEqualTo(2.0);
  }

  /** A processor's token: it may serve {@code stages}. */
  private String stages(String... stages) {
    return jwt.generateToken(new JsonObject().put("sub", "processor").put("stages", new JsonArray(java.util.List.of(stages))),
      new JWTOptions().setExpiresInSeconds(60));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
