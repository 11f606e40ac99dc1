package io.ssehub.polyglot;

import io.ssehub.config.AuthConfig;
import io.ssehub.config.BridgeConfig;
import io.ssehub.metrics.HubMetrics;
import io.ssehub.security.TokenCheck;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code bridge} role: Vert.x's TCP event-bus bridge (frames of a 4-byte big-endian length and UTF-8 JSON), so
 * that a process in any language with a socket is a peer on the bus: it serves pipeline stages
 * ({@code processor.<stage>}), answers tickets, publishes through {@code hub.publish} and subscribes to
 * {@code hub.topic.<topic>}. Which addresses are open is the permitted lists of {@code bridge.inbound} and
 * {@code bridge.outbound}; with auth on, every frame carries a token that allows its address ({@link BridgeGuard}).
 * Config: the {@code bridge} section, and {@code auth}.
 */
public class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private final BridgeConfig config;
  private final AuthConfig auth;
  private final HubMetrics metrics;
  private TcpEventBusBridge bridge;

  public BridgeVerticle(BridgeConfig config, AuthConfig auth, HubMetrics metrics) {
    this.config = config;
    this.auth = auth;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    TokenCheck tokens = auth.enabled() ? new TokenCheck(vertx, auth) : null;
    BridgeGuard guard = new BridgeGuard(config, tokens, auth.publishClaim(), metrics);
    NetServerOptions server = new NetServerOptions()
      .setTcpNoDelay(true)
      .setIdleTimeout(config.idleTimeoutSeconds());
    bridge = TcpEventBusBridge.create(vertx, Permits.options(config.inbound(), config.outbound()), server, guard);
    return bridge.listen(config.port(), config.host())
      .onSuccess(listening -> LOG.info("TCP event-bus bridge listening on {}:{}{}", config.host(), config.port(),
        tokens == null ? "" : ", every frame with a token"));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
