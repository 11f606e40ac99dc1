package io.ssehub.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS on the gateway's port ({@code gateway.tls}): a PEM certificate chain and its PEM private key. Both or
 * neither; without them the port speaks cleartext HTTP/1.1.
 *
 * @param certFile the certificate chain, leaf first (PEM), or null for no TLS
 * @param keyFile the private key of the leaf certificate (PEM, PKCS#8 or PKCS#1), or null for no TLS
 * @param reloadSeconds how often the two files' modification times are checked; a change is loaded for new
 *   connections without a restart
 */
public record TlsConfig(String certFile, String keyFile, int reloadSeconds) {

  static TlsConfig from(ConfigReader reader) {
    boolean cert = reader.has("certFile");
    boolean key = reader.has("keyFile");
    int reloadSeconds = reader.integer("reloadSeconds", 5, 1, 3600);
    if (cert != key) {
      throw reader.invalid(cert ? "keyFile" : "certFile", "is missing; TLS needs both 'certFile' and 'keyFile' "
        + "(PEM), or neither for cleartext");
    }
    if (!cert) {
      return new TlsConfig(null, null, reloadSeconds);
    }
    return new TlsConfig(readable(reader, "certFile"), readable(reader, "keyFile"), reloadSeconds);
  }

  public boolean enabled() {
    return certFile != null;
  }

  private static String readable(ConfigReader reader, String key) {
    String file = reader.string(key, null);
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw reader.invalid(key, "names \"" + file + "\", which is not a readable file");
    }
    return file;
  }
}
