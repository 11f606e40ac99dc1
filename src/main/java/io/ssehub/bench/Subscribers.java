package io.ssehub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

import java.net.URI;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N SSE subscribers over loopback, spread over source addresses 127.0.0.2, .3, ... Each parses the
 * {@code data: t=<nanoTime>;s=<seq>;} lines the publisher sends and records delivery latency, and which
 * sequence numbers it has seen, to count lost and duplicated events.
 */
final class Subscribers {

  private static final String MARK = "data: t=";

  private final Vertx vertx;
  private final List<HttpClient> clients = new ArrayList<>();
  private final List<BitSet> seen = new ArrayList<>();
  private final LatencyHistogram latency = new LatencyHistogram();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong connected = new AtomicLong();
  private volatile long measureFrom = Long.MAX_VALUE;

  Subscribers(Vertx vertx, int sources) {
    this(vertx, sources, 0);
  }

  /** Source addresses from 127.0.0.{2 + firstSource}, so that several load processes use different ones. */
  Subscribers(Vertx vertx, int sources, int firstSource) {
    this.vertx = vertx;
    for (int i = 0; i < sources; i++) {
      clients.add(vertx.createHttpClient(new HttpClientOptions()
          .setLocalAddress("127.0.0." + (2 + firstSource + i))
          .setKeepAlive(false)
          .setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(30_000)));
    }
  }

  /** Opens {@code count} streams, {@code batch} at a time; completes when all have their response headers. */
  Future<Void> open(URI url, int count, int batch) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < count; from += batch) {
      int start = from;
      int end = Math.min(count, from + batch);
      chain = chain.compose(v -> {
        List<Future<Void>> opening = new ArrayList<>();
        for (int i = start; i < end; i++) {
          opening.add(openOne(url, i));
        }
        return Future.all(opening).mapEmpty();
      });
    }
    return chain;
  }

  /** Sequence numbers at or above {@code firstSeq} count; below it (the warm-up) they are ignored. */
  void measureFrom(long firstSeq) {
    measureFrom = firstSeq;
  }

  long deliveries() {
    return deliveries.get();
  }

  long duplicates() {
    return duplicates.get();
  }

  long connected() {
    return connected.get();
  }

  LatencyHistogram latency() {
    return latency;
  }

  /** How many of the measured sequence numbers {@code [first, first + count)} some subscriber never got. */
  long lost(long first, int count) {
    long lost = 0;
    for (BitSet bits : seen) {
      synchronized (bits) {
        lost += count - bits.get((int) first, (int) first + count).cardinality();
      }
    }
    return lost;
  }

  private Future<Void> openOne(URI url, int index) {
    BitSet bits = new BitSet();
    synchronized (seen) {
      seen.add(bits);
    }
    HttpClient client = clients.get(index % clients.size());
    RequestOptions request = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setHost(url.getHost())
      .setPort(url.getPort())
      .setURI(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
      .putHeader("Accept", "text/event-stream");
    return client.request(request)
      .compose(req -> req.send())
      .map(response -> {
        if (response.statusCode() != 200) {
          throw new IllegalStateException("subscribe answered " + response.statusCode());
        }
        connected.incrementAndGet();
        RecordParser lines = RecordParser.newDelimited("\n", line -> onLine(line, bits));
        response.handler(lines);
        response.endHandler(v -> connected.decrementAndGet());
        return null;
      });
  }

  private void onLine(Buffer line, BitSet bits) {
    long now = System.nanoTime();
    if (line.length() <= MARK.length() || line.getByte(0) != 'd' || !line.toString().startsWith(MARK)) {
      return;
    }
    String text = line.toString();
    int semicolon = text.indexOf(';', MARK.length());
    long sentAt = Long.parseLong(text, MARK.length(), semicolon, 10);
    int seqStart = semicolon + 3;
    long seq = Long.parseLong(text, seqStart, text.indexOf(';', seqStart), 10);
    if (seq < measureFrom) {
      return;
    }
    boolean duplicate;
    synchronized (bits) {
      duplicate = bits.get((int) seq);
      bits.set((int) seq);
    }
    if (duplicate) {
      duplicates.incrementAndGet();
    } else {
      deliveries.incrementAndGet();
      latency.record((now - sentAt) / 1000);
    }
  }
}
