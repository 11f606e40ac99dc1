package io.ssehub.gateway;

import io.ssehub.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * HTTPS on one gateway instance's server ({@code gateway.tls}): the PEM certificate and key, ALPN offering
 * {@code h2} then {@code http/1.1}, and the certificate reloaded without a restart. Every
 * {@code gateway.tls.reloadSeconds} the two files' modification times and sizes are read; once a change has stayed
 * the same for one more check (a renewal writes two files, not at once), the files are read and handed to
 * {@link HttpServer#updateSSLOptions}: connections made from then on get the new certificate, open ones keep theirs.
 * A pair that does not load (a key that does not parse) is logged and the server keeps the certificate it has.
 */
final class GatewayTls {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayTls.class);

  private final Vertx vertx;
  private final TlsConfig config;
  private HttpServerOptions options;
  private HttpServer server;
  private long timer = -1;
  private Stamp loaded;
  private Stamp pending;

  /** When and how large the two files were, as the file system last said. */
  private record Stamp(long certModified, long certSize, long keyModified, long keySize) {
  }

  GatewayTls(Vertx vertx, TlsConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /**
   * The options with TLS, ALPN ({@code h2}, {@code http/1.1}) and a handshake that must finish within
   * {@code handshakeMillis}; unchanged when {@code gateway.tls} is not set.
   */
  HttpServerOptions apply(HttpServerOptions options, long handshakeMillis) {
    this.options = options;
    if (!config.enabled()) {
      return options;
    }
    return options
      .setSsl(true)
      .setUseAlpn(true)
      .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
      .setSslHandshakeTimeout(handshakeMillis)
      .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
      .setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(config.certFile())
        .setKeyPath(config.keyFile()));
  }

  /** Starts watching the files for {@code listening}, the server built with {@link #apply}'s options. */
  Future<HttpServer> watch(HttpServer listening) {
    server = listening;
    if (!config.enabled()) {
      return Future.succeededFuture(listening);
    }
    return stamp().map(first -> {
      loaded = first;
      timer = vertx.setPeriodic(config.reloadSeconds() * 1000L, id -> check());
      return listening;
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    stamp().onSuccess(now -> {
      if (now.equals(loaded)) {
        pending = null;
      } else if (now.equals(pending)) {
        pending = null;
        reload(now);
      } else {
        pending = now;
      }
    });
  }

  private void reload(Stamp stamp) {
    Future.all(vertx.fileSystem().readFile(config.certFile()), vertx.fileSystem().readFile(config.keyFile()))
      .compose(files -> server.updateSSLOptions(sslOptions(files.resultAt(0), files.resultAt(1)), true))
      .onComplete(result -> {
        loaded = stamp;
        if (result.succeeded()) {
          LOG.info("Loaded the TLS certificate {} and key {} again; new connections get it",
            config.certFile(), config.keyFile());
        } else {
          LOG.warn("The TLS certificate {} or key {} changed but does not load ({}); the server keeps the one it "
            + "has", config.certFile(), config.keyFile(), result.cause().getMessage());
        }
      });
  }

  private ServerSSLOptions sslOptions(Buffer cert, Buffer key) {
    return Objects.requireNonNull(options.getSslOptions()).copy()
      .setKeyCertOptions(new PemKeyCertOptions()
        .setCertValue(cert)
        .setKeyValue(key));
  }

  /** The files' stamp; a file that cannot be read now (being replaced) fails this check, and the next one tries. */
  private Future<Stamp> stamp() {
    return Future.all(vertx.fileSystem().props(config.certFile()), vertx.fileSystem().props(config.keyFile()))
      .map(props -> {
        FileProps cert = props.resultAt(0);
        FileProps key = props.resultAt(1);
        return new Stamp(cert.lastModifiedTime(), cert.size(), key.lastModifiedTime(), key.size());
      });
  }
}
