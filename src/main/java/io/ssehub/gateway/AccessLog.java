package io.ssehub.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The access log ({@code log.access}): one INFO line per request on the logger {@code io.ssehub.access}, written
 * when the answer has ended or its connection has closed, so an SSE stream is logged when it closes, with the
 * bytes it sent and how long it was open. The line names the method, the path with the query's parameter names
 * only (no value is logged, so no token in a query reaches the log), the status, the body bytes sent, the
 * duration in milliseconds and the client's address (the peer of the connection: no proxy header is trusted).
 * The same values are in the MDC under their Elastic Common Schema names, which the JSON log writes as fields.
 */
public final class AccessLog implements Handler<RoutingContext> {

  /** The logger name operators route or silence. */
  public static final String LOGGER = "io.ssehub.access";
  /** A {@link LongSupplier} of the body bytes sent, put in the context by a response that bypasses Vert.x's count. */
  static final String BODY_BYTES = "ssehub.access.bodyBytes";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {
  }

  /** The access log when {@code on}, else a handler that only passes the request on. */
  public static Handler<RoutingContext> handler(boolean on) {
    return on ? new AccessLog() : RoutingContext::next;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> log(ctx, System.nanoTime() - started));
    ctx.next();
  }

  private static void log(RoutingContext ctx, long nanos) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    LongSupplier streamBytes = ctx.get(BODY_BYTES);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("http.request.method", request.method().name());
    fields.put("url.path", pathAndParameterNames(request));
    fields.put("http.response.status_code", String.valueOf(response.getStatusCode()));
    fields.put("http.response.body.bytes", String.valueOf(streamBytes == null ? response.bytesWritten()
      : streamBytes.getAsLong()));
    fields.put("event.duration", String.valueOf(nanos));
    fields.put("client.address", address(request.remoteAddress()));
    fields.forEach(MDC::put);
    try {
      LOG.info("{} {} {} {} B {} ms {}", fields.get("http.request.method"), fields.get("url.path"),
        fields.get("http.response.status_code"), fields.get("http.response.body.bytes"),
        TimeUnit.NANOSECONDS.toMillis(nanos), fields.get("client.address"));
    } finally {
      fields.keySet().forEach(MDC::remove);
    }
  }

  /**
   * {@code /subscribe?topic&topic&lastEventId}: the path, and the query's parameter names in their order, as the
   * client sent them (not decoded).
   */
  static String pathAndParameterNames(HttpServerRequest request) {
    String path = request.path() == null ? "" : request.path();
    if (request.query() == null || request.query().isEmpty()) {
      return path;
    }
    return path + "?" + Arrays.stream(request.query().split("&"))
      .filter(pair -> !pair.isEmpty())
      .map(pair -> pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('=')))
      .collect(Collectors.joining("&"));
  }

  private static String address(SocketAddress address) {
    return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
  }
}
