package io.ssehub.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS on the clustered event bus: each node presents its certificate to the others and accepts only peers whose
 * certificate its trust file signs, in both directions (client authentication required). The files are PEM.
 * Hazelcast's own membership traffic is not covered (see docs/cluster.md).
 *
 * @param keyFile {@code cluster.tls.keyFile}: this node's private key (PKCS#8 or PKCS#1)
 * @param certFile {@code cluster.tls.certFile}: this node's certificate, or its chain
 * @param trustFile {@code cluster.tls.trustFile}: the certificates (usually one CA) that sign the peers' ones
 */
public record ClusterTlsConfig(String keyFile, String certFile, String trustFile) {

  static ClusterTlsConfig from(ConfigReader reader) {
    return new ClusterTlsConfig(file(reader, "keyFile"), file(reader, "certFile"), file(reader, "trustFile"));
  }

  private static String file(ConfigReader reader, String key) {
    String file = reader.string(key, null);
    if (file == null) {
      throw reader.invalid(key, "is missing: cluster.tls needs keyFile, certFile and trustFile (PEM files)");
    }
    if (!Files.isReadable(Path.of(file))) {
      throw reader.invalid(key, "names no readable file: " + file);
    }
    return file;
  }
}
