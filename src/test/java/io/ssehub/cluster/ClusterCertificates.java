package io.ssehub.cluster;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PEM files for event-bus TLS made with {@code openssl} in a directory: a CA, and node certificates it signs
 * (for 127.0.0.1). {@link #tlsSection} gives a node's {@code cluster.tls} section.
 */
final class ClusterCertificates {

  private final Path dir;
  private final String ca;

  /** A new CA named {@code ca} in {@code dir}. */
  ClusterCertificates(Path dir, String ca) {
    this.dir = dir;
    this.ca = ca;
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + ca,
      "-keyout", file(ca + ".key"), "-out", file(ca + ".crt"));
  }

  /** A key and a certificate for {@code node}, signed by this CA; the role file's {@code cluster.tls} keys. */
  JsonObject tlsSection(String node) {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + node,
      "-keyout", file(node + ".key"), "-out", file(node + ".csr"));
    Path extensions = dir.resolve(node + ".ext");
    try {
      Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl("x509", "-req", "-in", file(node + ".csr"), "-CA", file(ca + ".crt"), "-CAkey", file(ca + ".key"),
      "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", file(node + ".crt"));
    return new JsonObject()
      .put("keyFile", file(node + ".key"))
      .put("certFile", file(node + ".crt"))
      .put("trustFile", file(ca + ".crt"));
  }

  private String file(String name) {
    return dir.resolve(name).toAbsolutePath().toString();
  }

  private static void openssl(String... arguments) {
    try {
      Process process = new ProcessBuilder(concat(arguments)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> concat(String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    return command;
  }
}
