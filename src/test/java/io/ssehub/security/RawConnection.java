package io.ssehub.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One raw loopback connection to a node, for requests no HTTP client would send: cleartext, or TLS offering
 * {@code http/1.1} by ALPN (the test certificate is trusted as it is).
 */
final class RawConnection implements AutoCloseable {

  /** What a raw exchange got back, and whether the server closed the connection within 5 s. */
  record Answer(String text, boolean closed) {
  }

  private final Socket socket;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  private RawConnection(Socket socket) {
    this.socket = socket;
  }

  static RawConnection open(int port) throws IOException {
    return open(port, false);
  }

  /** A connection to {@code port}, over TLS (handshake done, {@code http/1.1} agreed by ALPN) when {@code tls}. */
  static RawConnection open(int port, boolean tls) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    if (!tls) {
      return new RawConnection(plain);
    }
    SSLSocket secure = (SSLSocket) trustingEverything().getSocketFactory()
      .createSocket(plain, "127.0.0.1", port, true);
    SSLParameters parameters = secure.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    secure.setSSLParameters(parameters);
    secure.setSoTimeout(5000);
    secure.startHandshake();
    return new RawConnection(secure);
  }

  /** Sends {@code request} and reads until the server closes (or 5 s pass). */
  static String exchange(int port, String request) throws IOException {
    return exchange(port, false, request);
  }

  static String exchange(int port, boolean tls, String request) throws IOException {
    try (RawConnection raw = open(port, tls)) {
      raw.write(request);
      raw.closedWithin(5000);
      return raw.received();
    }
  }

  /** Sends {@code request} and reads until the server closes (or 5 s pass), noting which came first. */
  static Answer answer(int port, String request) throws IOException {
    return answer(port, false, request);
  }

  static Answer answer(int port, boolean tls, String request) throws IOException {
    try (RawConnection raw = open(port, tls)) {
      raw.write(request);
      boolean closed = raw.closedWithin(5000);
      return new Answer(raw.received(), closed);
    }
  }

  /** The ALPN protocol the TLS handshake agreed on, or null on cleartext. */
  String applicationProtocol() {
    return socket instanceof SSLSocket secure ? secure.getApplicationProtocol() : null;
  }

  /** A TLS context that takes any server certificate: the tests' own, made for the run. */
  static SSLContext trustingEverything() {
    TrustManager any = new X509TrustManager() {
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
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {any}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  void write(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** False when the server has closed (or reset) the connection. */
  boolean writeQuietly(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads what arrives; true when the server closed the connection within {@code millis}. */
  boolean closedWithin(long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    byte[] chunk = new byte[8192];
    while (System.currentTimeMillis() < deadline) {
      socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
      try {
        int n = socket.getInputStream().read(chunk);
        if (n < 0) {
          return true;
        }
        received.write(chunk, 0, n);
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }
    return false;
  }

  String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test socket
    }
  }
}
