package io.ssehub.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for {@code localhost} and {@code 127.0.0.1}, made by the machine's {@code openssl} in a
 * temporary directory (removed when the JVM exits), and the certificate a TLS server presents.
 */
public final class TestCertificates {

  /** A PEM certificate and its key, and the certificate's SHA-256 fingerprint. */
  public record Pair(Path cert, Path key, String fingerprint) {
  }

  private TestCertificates() {
  }

  /** A new pair in a new directory. */
  public static Pair create() {
    try {
      Path dir = Files.createTempDirectory("sse-hub-tls");
      dir.toFile().deleteOnExit();
      return createIn(dir, "server");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new pair written to {@code dir}/{@code name}.pem and {@code name}.key, replacing any there. */
  public static Pair createIn(Path dir, String name) {
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + ".key");
    run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout", key.toString(), "-out", cert.toString()), dir);
    cert.toFile().deleteOnExit();
    key.toFile().deleteOnExit();
    return new Pair(cert, key, fingerprint(cert));
  }

  /** The SHA-256 fingerprint of the PEM certificate in {@code cert}. */
  public static String fingerprint(Path cert) {
    try {
      byte[] pem = Files.readAllBytes(cert);
      Certificate parsed = CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem));
      return fingerprint(parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 fingerprint of the certificate the TLS server on 127.0.0.1:{@code port} presents now. */
  public static String presented(int port) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAll()}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return fingerprint(socket.getSession().getPeerCertificates()[0]);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fingerprint(Certificate certificate) throws GeneralSecurityException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
  }

  private static void run(List<String> command, Path dir) {
    try {
      Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Trusts any server: the tests compare fingerprints themselves. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
