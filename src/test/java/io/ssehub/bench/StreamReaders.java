package io.ssehub.bench;

import io.vertx.core.Future;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * N SSE subscribers over loopback on plain NIO: a few reader threads, each with a selector, read the streams and
 * parse the {@code data: t=<nanoTime>;s=<seq>;} lines byte by byte, with no allocation per event. A load tool
 * shares the cores with the server it measures, so what it spends reading an event is taken from the server
 * and shows in the latency it reports; this reader spends a few microseconds of CPU per event, where Vert.x's
 * HTTP client (with a line parser and a String per line) spent about 20.
 *
 * <p>Each stream is an HTTP/1.1 GET; the response body may be chunked or not. Streams are spread over source
 * addresses 127.0.0.2, .3, ... so that more than 28,000 of them fit in the ephemeral port range.
 */
final class StreamReaders implements AutoCloseable {

  private static final byte[] MARK = "data: t=".getBytes(StandardCharsets.US_ASCII);

  private final int sources;
  private final int firstSource;
  private final List<Reader> readers = new ArrayList<>();
  private final List<BitSet> seen = new ArrayList<>();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final AtomicLong connected = new AtomicLong();
  private volatile long measureFrom = Long.MAX_VALUE;
  private int opened;

  StreamReaders(int threads, int sources, int firstSource) {
    this.sources = sources;
    this.firstSource = firstSource;
    for (int i = 0; i < threads; i++) {
      Reader reader = new Reader("stream-reader-" + i);
      readers.add(reader);
      reader.thread.start();
    }
  }

  /**
   * Opens {@code count} streams, {@code batch} at a time, on a thread of its own; completes when all have
   * answered 200 with their response headers, and fails when one answers anything else or cannot connect.
   */
  Future<Void> open(URI url, int count, int batch) {
    return Future.fromCompletionStage(CompletableFuture.runAsync(() -> {
      for (int from = 0; from < count; from += batch) {
        List<CompletableFuture<Void>> opening = new ArrayList<>();
        for (int i = from; i < Math.min(count, from + batch); i++) {
          opening.add(openOne(url));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
      }
    }, runnable -> new Thread(runnable, "stream-opener").start()));
  }

  /** Sequence numbers at or above {@code firstSeq} count; below it (the warm-up) they are ignored. */
  void measureFrom(long firstSeq) {
    measureFrom = firstSeq;
  }

  long deliveries() {
    return deliveries.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  long connected() {
    return connected.get();
  }

  /** The latencies of all readers, merged. */
  LatencyHistogram latency() {
    LatencyHistogram all = new LatencyHistogram();
    for (Reader reader : readers) {
      all.add(reader.latency);
    }
    return all;
  }

  /** How many of the measured sequence numbers {@code [first, first + count)} some subscriber never got. */
  long lost(long first, int count) {
    long lost = 0;
    synchronized (seen) {
      for (BitSet bits : seen) {
        synchronized (bits) {
          lost += count - bits.get((int) first, (int) first + count).cardinality();
        }
      }
    }
    return lost;
  }

  @Override
  public void close() {
    for (Reader reader : readers) {
      reader.thread.interrupt();
      reader.selector.wakeup();
    }
  }

  private CompletableFuture<Void> openOne(URI url) {
    int index = opened++;
    EventStream stream = new EventStream(request(url));
    synchronized (seen) {
      seen.add(stream.seen);
    }
    try {
      SocketChannel channel = SocketChannel.open();
      channel.bind(new InetSocketAddress("127.0.0." + (2 + firstSource + index % sources), 0));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(new InetSocketAddress(url.getHost(), url.getPort()));
      channel.configureBlocking(false);
      stream.channel = channel;
      readers.get(index % readers.size()).add(stream);
    } catch (IOException e) {
      stream.opened.completeExceptionally(e);
    }
    return stream.opened;
  }

  private static ByteBuffer request(URI url) {
    String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    return ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
      + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** One selector thread and the streams it reads. */
  private final class Reader implements Runnable, EventStream.Listener {

    private final Thread thread;
    private final Selector selector;
    private final Queue<EventStream> added = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private final LatencyHistogram latency = new LatencyHistogram();

    Reader(String name) {
      try {
        selector = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void add(EventStream stream) {
      added.add(stream);
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          selector.select();
          for (EventStream stream; (stream = added.poll()) != null; ) {
            register(stream);
          }
          for (SelectionKey key : selector.selectedKeys()) {
            read((EventStream) key.attachment());
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        try {
          selector.close();
        } catch (IOException ignored) {
          // the process is ending
        }
      }
    }

    private void register(EventStream stream) {
      try {
        while (stream.request.hasRemaining()) {
          stream.channel.write(stream.request);
        }
        stream.channel.register(selector, SelectionKey.OP_READ, stream);
      } catch (IOException e) {
        stream.opened.completeExceptionally(e);
        stream.close();
      }
    }

    private void read(EventStream stream) {
      try {
        int n;
        do {
          buffer.clear();
          n = stream.channel.read(buffer);
          if (n > 0) {
            long now = System.nanoTime();
            for (int i = 0; i < n && !stream.ended; i++) {
              stream.take(buffer.get(i), now, this);
            }
          }
        } while (n == buffer.capacity());
        if (n < 0 || stream.ended) {
          end(stream, null);
        }
      } catch (IOException e) {
        end(stream, e);
      }
    }

    private void end(EventStream stream, IOException failure) {
      if (stream.headersDone && stream.status == 200) {
        connected.decrementAndGet();
      }
      stream.opened.completeExceptionally(failure != null ? failure
        : new IllegalStateException("the server closed the stream before its headers"));
      stream.close();
    }

    @Override
    public void onLine(EventStream stream, long now) {
      byte[] line = stream.line;
      int length = stream.lineLength;
      if (length <= MARK.length || length > EventStream.LINE_MAX) {
        return;
      }
      for (int i = 0; i < MARK.length; i++) {
        if (line[i] != MARK[i]) {
          return;
        }
      }
      int i = MARK.length;
      long sentAt = 0;
      while (i < length && line[i] != ';') {
        sentAt = sentAt * 10 + (line[i++] - '0');
      }
      i += 3; // ";s="
      long seq = 0;
      while (i < length && line[i] != ';') {
        seq = seq * 10 + (line[i++] - '0');
      }
      if (seq < measureFrom) {
        return;
      }
      boolean duplicate;
      synchronized (stream.seen) {
        duplicate = stream.seen.get((int) seq);
        stream.seen.set((int) seq);
      }
      if (duplicate) {
        duplicates.increment();
      } else {
        deliveries.increment();
        latency.record((now - sentAt) / 1000);
      }
    }

    @Override
    public void onHeaders(EventStream stream) {
      if (stream.status == 200) {
        connected.incrementAndGet();
        stream.opened.complete(null);
      } else {
        stream.opened.completeExceptionally(new IllegalStateException("subscribe answered " + stream.status));
        stream.ended = true;
      }
    }
  }
}
