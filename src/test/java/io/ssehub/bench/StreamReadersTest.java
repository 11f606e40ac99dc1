package io.ssehub.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load tool's stream reader against a scripted server on loopback: the bytes of each response are written
 * by the test, so chunk boundaries fall where the test puts them (inside a line, inside a number).
 */
class StreamReadersTest {

  private ServerSocket server;
  private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
  private StreamReaders readers;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(server.accept());
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    readers = new StreamReaders(2, 3, 0);
  }

  @AfterEach
  void close() throws IOException {
    readers.close();
    server.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/topics/t");
  }

  private Socket next() throws InterruptedException {
    Socket socket = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(socket).as("a connection from the reader").isNotNull();
    return socket;
  }

  private static void write(Socket socket, String text) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String event(long seq) {
    return "id: " + seq + "\ndata: t=" + System.nanoTime() + ";s=" + seq + ";xxxx\n\n";
  }

  /** Chunked encoding, with one chunk per piece. */
  private static String chunk(String piece) {
    return Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n";
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void chunkedStreamsSplitAnywhere() throws Exception {
    var opening = readers.open(url(), 2, 2).toCompletionStage().toCompletableFuture();
    List<Socket> streams = List.of(next(), next());
    for (Socket socket : streams) {
      assertThat(new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("GET ");
      write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    }
    opening.get(10, TimeUnit.SECONDS);
    assertThat(readers.connected()).isEqualTo(2);
    readers.measureFrom(1);

    // Stream one: every event in one chunk, then seq 3 twice.
    Socket one = streams.get(0);
    for (long seq = 0; seq < 5; seq++) {
      write(one, chunk(event(seq)));
    }
    write(one, chunk(event(3)));
    // Stream two: the events cut into chunks of 7 bytes, one with a chunk extension; seq 2 never sent.
    StringBuilder body = new StringBuilder(": hello\n\n");
    for (long seq : new long[] {0, 1, 3, 4}) {
      body.append(event(seq));
    }
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < body.length(); i += 7) {
      pieces.add(body.substring(i, Math.min(body.length(), i + 7)));
    }
    Socket two = streams.get(1);
    write(two, Integer.toHexString(pieces.get(0).length()) + ";ext=1\r\n" + pieces.get(0) + "\r\n");
    pieces.subList(1, pieces.size()).forEach(piece -> write(two, chunk(piece)));

    // Seq 0 is below measureFrom; stream one has 1-4 and a duplicate 3, stream two has 1, 3, 4.
    await(() -> readers.deliveries() == 7 && readers.duplicates() == 1);
    assertThat(readers.lost(1, 4)).isEqualTo(1);
    assertThat(readers.latency().total()).isEqualTo(7);
    assertThat(readers.latency().percentile(1.0)).isPositive().isLessThan(10_000_000);

    write(one, "0\r\n\r\n");
    await(() -> readers.connected() == 1);
    two.close();
    await(() -> readers.connected() == 0);
  }

  @Test
  void unchunkedStreamReadsUntilClosed() throws Exception {
    var opening = readers.open(url(), 1, 1).toCompletionStage().toCompletableFuture();
    Socket socket = next();
    write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
    opening.get(10, TimeUnit.SECONDS);
    readers.measureFrom(0);
    String events = event(0) + event(1) + event(2);
    write(socket, events.substring(0, 20));
    write(socket, events.substring(20));
    await(() -> readers.deliveries() == 3);
    assertThat(readers.lost(0, 3)).isZero();
    socket.close();
    await(() -> readers.connected() == 0);
  }

  @Test
  void refusedSubscriptionFailsTheOpening() throws Exception {
    var opening = readers.open(url(), 1, 1).toCompletionStage().toCompletableFuture();
    Socket socket = next();
    write(socket, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    assertThatThrownBy(() -> opening.get(10, TimeUnit.SECONDS)).hasMessageContaining("subscribe answered 404");
    assertThat(readers.connected()).isZero();
  }
}
