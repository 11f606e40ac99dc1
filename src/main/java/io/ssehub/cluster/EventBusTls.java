package io.ssehub.cluster;

import io.ssehub.config.ClusterTlsConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * TLS on the clustered event bus from the role file's {@code cluster.tls} section: every node serves and connects
 * with its own certificate and accepts only peers whose certificate the trust file signs (client authentication
 * required on the serving side, the server's certificate checked on the connecting side). Vert.x checks no host
 * name on the event bus, so the trust file's CA must sign hub nodes only.
 */
public final class EventBusTls {

  private EventBusTls() {
  }

  /** Switches TLS on in {@code options}; a null {@code tls} leaves them as they are (plain TCP). */
  public static EventBusOptions apply(EventBusOptions options, ClusterTlsConfig tls) {
    if (tls == null) {
      return options;
    }
    return options
      .setSsl(true)
      .setKeyCertOptions(new PemKeyCertOptions()
        .setKeyPath(tls.keyFile())
        .setCertPath(tls.certFile()))
      .setTrustOptions(new PemTrustOptions()
        .addCertPath(tls.trustFile()))
      .setClientAuth(ClientAuth.REQUIRED);
  }
}
