package io.ssehub.security;

import io.micrometer.core.instrument.Counter;
import io.ssehub.config.GatewayConfig;
import io.ssehub.metrics.HubMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP edge of one gateway instance, in front of its router: the node's cap on open connections
 * ({@code limits.maxHttpConnections}, through the {@link ConnectionBudget}), the head, body and idle timeouts
 * ({@code gateway.headTimeoutSeconds}, {@code bodyTimeoutSeconds}, {@code idleTimeoutSeconds}), request framing
 * that could smuggle a second request (a Transfer-Encoding other than one {@code chunked}, or next to a
 * Content-Length, and folded header lines: 400 or 501 and the connection closed, through {@link RequestFraming} and
 * {@link StrictFraming}), and malformed heads (Vert.x's 400, 414 or 431, logged by {@link EdgeLog}). Every refusal is
 * counted in {@code ssehub_http_rejected_total{reason}}.
 *
 * <p>An SSE stream is never cut here: its answer has started, so no body timeout applies, and it has not ended,
 * so it is never idle. All state lives on the instance's event loop; one periodic sweep checks the timeouts.
 */
public final class EdgeGuard {

  private static final List<String> REASONS = List.of("connection_limit", "head_timeout", "body_timeout",
    "idle_timeout", "malformed", "framing", "cors", "body_too_large");

  private final Vertx vertx;
  private final GatewayConfig gateway;
  private final ConnectionBudget budget;
  private final StrictFraming framing;
  private final Map<String, Counter> rejected = new HashMap<>();
  private final Map<HttpConnection, Watch> watched = new HashMap<>();
  private long sweeper = -1;

  /**
   * Where one connection is: when it opened, its latest request, the requests whose answers have not ended (several
   * at once on HTTP/2), since when it waits.
   */
  private static final class Watch {
    private HttpServerRequest request;
    private final List<HttpServerRequest> unanswered = new ArrayList<>();
    private long since;
    private long idleSince = -1;
    private boolean closing;

    private Watch(long now) {
      since = now;
    }
  }

  /** {@code options} are those of the HTTP server this guard stands in front of. */
  public EdgeGuard(Vertx vertx, GatewayConfig gateway, ConnectionBudget budget, HubMetrics metrics,
                   HttpServerOptions options) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.budget = budget;
    this.framing = new StrictFraming(options);
    REASONS.forEach(reason -> rejected.put(reason, metrics.counter("ssehub.http.rejected",
      "HTTP connections and requests refused at the edge, by reason", "reason", reason)));
  }

  public void start() {
    long shortest = Math.min(gateway.headTimeoutMillis(), Math.min(gateway.bodyTimeoutMillis(),
      gateway.idleTimeoutMillis()));
    sweeper = vertx.setPeriodic(Math.max(100, Math.min(1000, shortest / 4)), id -> sweep());
  }

  public void stop() {
    vertx.cancelTimer(sweeper);
  }

  /** Counts a refusal and logs it (rate-limited); for the gateway's own refusals such as CORS. */
  public void refused(String reason, String sentence) {
    rejected.get(reason).increment();
    budget.edgeLog().warn(reason, sentence);
  }

  /**
   * For {@code HttpServer.connectionHandler}: takes a connection slot and decodes the connection's requests with
   * {@link StrictFraming}, or closes the connection at once.
   */
  public void opened(HttpConnection connection) {
    if (!budget.takeConnection()) {
      refused("connection_limit", "the node holds its limit of open HTTP connections (limits.maxHttpConnections); "
        + "closed one from " + connection.remoteAddress());
      connection.close();
      return;
    }
    framing.install(connection);
    watched.put(connection, new Watch(System.currentTimeMillis()));
    connection.closeHandler(v -> {
      watched.remove(connection);
      budget.giveBackConnection();
    });
  }

  /** For {@code HttpServer.requestHandler}: notes the request, refuses ambiguous framing, else hands it on. */
  public Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watched.get(request.connection());
      if (watch != null && watch.closing) {
        // a request behind one whose answer ended the connection: never handled
        request.connection().close();
        return;
      }
      if (watch != null) {
        watch.request = request;
        watch.unanswered.add(request);
        watch.since = System.currentTimeMillis();
        watch.idleSince = -1;
      }
      if (framing.lenient() && request.version() != HttpVersion.HTTP_2) {
        // h2c on: a lenient decoder read this head, so where the next request starts is not to be trusted
        request.response().putHeader("Connection", "close");
        if (watch != null) {
          watch.closing = true;
        }
      }
      if (!RequestFraming.refuse(request, this)) {
        next.handle(request);
      }
    };
  }

  /**
   * Says in the answer to a refused request that its connection ends with it ({@code Connection: close}), on
   * HTTP/1.x; on HTTP/2 that header is forbidden (RFC 9113 section 8.2.2) and only the request's stream ends.
   */
  public static void lastAnswer(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2) {
      request.response().putHeader("Connection", "close");
    }
  }

  /**
   * Closes the connection of a refused request once its answer is written; a request pipelined behind it on the
   * same connection (one hidden in its body) is dropped, never handled. On HTTP/2, whose frames leave nothing to
   * guess about where a request ends, only the request's stream ends: reset with NO_ERROR after the answer when the
   * client is still sending (RFC 9113 section 8.1), so that it stops; the connection's other streams go on.
   */
  public void closeAfter(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      if (!request.isEnded()) {
        request.response().reset(0);
      }
      return;
    }
    Watch watch = watched.get(request.connection());
    if (watch != null) {
      watch.closing = true;
    }
    request.connection().close();
  }

  /**
   * For {@code HttpServer.invalidRequestHandler}: a head {@link StrictFraming} refused gets 400 with its sentence;
   * any other gets Vert.x's own answer (400, 414, 431). Both then close, and both are counted and logged.
   */
  public void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof StrictFraming.Refused refused) {
      RequestFraming.answer(request, this, 400, refused.getMessage());
      return;
    }
    refused("malformed", "a request head that is not valid HTTP/1.1 from " + request.remoteAddress()
      + (cause == null ? "" : " (" + cause.getMessage() + ")"));
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    List.copyOf(watched.entrySet()).forEach(entry -> {
      String reason = overdue(entry.getValue(), now);
      if (reason != null) {
        refused(reason, "closed a connection from " + entry.getKey().remoteAddress() + " (" + reason + ")");
        entry.getKey().close();
      }
    });
  }

  /** The timeout this connection has passed, or null. */
  private String overdue(Watch watch, long now) {
    HttpServerRequest request = watch.request;
    if (request == null) {
      return now - watch.since > gateway.headTimeoutMillis() ? "head_timeout" : null;
    }
    if (!request.isEnded() && !request.response().headWritten()) {
      return now - watch.since > gateway.bodyTimeoutMillis() ? "body_timeout" : null;
    }
    watch.unanswered.removeIf(open -> open.response().ended() || open.response().closed());
    if (watch.unanswered.isEmpty()) {
      if (watch.idleSince < 0) {
        watch.idleSince = now;
      }
      return now - watch.idleSince > gateway.idleTimeoutMillis() ? "idle_timeout" : null;
    }
    return null;
  }
}
