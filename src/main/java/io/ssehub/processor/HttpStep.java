package io.ssehub.processor;

import io.ssehub.bus.Deadline;
import io.ssehub.config.ProcessorSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * An external processor, in any language, reached with seed 000's protocol: {@code GET <url>?m=&listener_id=}.
 * With {@code deliver: body} the 200 response body is the result; with {@code deliver: sink} the processor
 * sends the result to the hub's {@code /sink_to} itself, and this step only hands the message over. A request
 * waits for the processor no longer than its {@code timeoutMillis}, nor than the message's budget.
 */
final class HttpStep implements Step {

  private static final Logger LOG = LoggerFactory.getLogger(HttpStep.class);

  private final ProcessorSpec spec;
  private final HttpClientAgent client;

  HttpStep(Vertx vertx, ProcessorSpec spec) {
    this.spec = spec;
    this.client = vertx.createHttpClient(
      new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(32));
  }

  @Override
  public Future<String> apply(String message, String listenerId, Deadline deadline) {
    long timeoutMillis = Math.max(1, Math.min(spec.timeoutMillis(), deadline.remainingMillis()));
    RequestOptions request = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setAbsoluteURI(spec.url() + "?m=" + encode(message) + "&listener_id=" + encode(listenerId))
      .setConnectTimeout(timeoutMillis)
      .setIdleTimeout(timeoutMillis);
    return client.request(request)
      .compose(req -> req.send())
      .compose(response -> response.body().map(body -> {
        if (response.statusCode() != 200) {
          throw new IllegalStateException(spec.url() + " answered " + response.statusCode());
        }
        return ProcessorSpec.DELIVER_SINK.equals(spec.deliver()) ? null : body.toString(StandardCharsets.UTF_8);
      }));
  }

  /**
   * One request without parameters (a seed processor answers {@code no_reply}), so that the connection is
   * open and the client code loaded before the first message has only its 50 ms. Completes either way.
   */
  Future<Void> probe(long timeoutMillis) {
    RequestOptions request = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setAbsoluteURI(spec.url())
      .setConnectTimeout(timeoutMillis)
      .setIdleTimeout(timeoutMillis);
    return client.request(request)
      .compose(req -> req.send())
      .compose(response -> response.body())
      .onFailure(failure -> LOG.warn("External processor {} at {} does not answer yet: {}", spec.name(), spec.url(),
        failure.getMessage()))
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
