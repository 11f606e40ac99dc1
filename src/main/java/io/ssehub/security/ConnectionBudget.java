package io.ssehub.security;

import io.ssehub.config.LimitsConfig;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's SSE stream slots, shared by every gateway instance: at most {@code limits.maxConnections}
 * streams on the node and {@code limits.maxConnectionsPerAddress} from one client address. A slot is taken
 * before a stream opens and given back when it closes. Below the streams, {@code limits.maxHttpConnections}
 * bounds the HTTP connections of every kind that the node holds open, and {@link #publishBuckets} the publish rate
 * of each client ({@code limits.publishRate}).
 */
public final class ConnectionBudget {

  /** Why a stream was not given a slot: the status and sentence of the answer. */
  public record Refusal(int status, String sentence) {
  }

  private final LimitsConfig limits;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger httpConnections = new AtomicInteger();
  private final EdgeLog edgeLog = new EdgeLog();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final PublishBuckets publishBuckets;
  private volatile boolean refusingNew;

  public ConnectionBudget(LimitsConfig limits) {
    this.limits = limits;
    this.publishBuckets = new PublishBuckets(limits.publishRate(), limits.publishBurst(), System::nanoTime);
  }

  /** The node's publish token buckets, one per client, which {@link PublishRateLimit} takes from. */
  public PublishBuckets publishBuckets() {
    return publishBuckets;
  }

  /** From now on every new stream is refused with 503: the node is draining before it stops. */
  public void refuseNew() {
    refusingNew = true;
  }

  /** Takes a slot for a stream from {@code address}; null when taken, else why not. */
  public Refusal take(String address) {
    if (refusingNew) {
      return new Refusal(503, "This node is shutting down and takes no new streams; connect again in "
        + limits.retryAfterSeconds() + " s, to another node.");
    }
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      return new Refusal(503, "This node already serves its limit of " + limits.maxConnections()
        + " streams; try again in " + limits.retryAfterSeconds() + " s or connect to another node.");
    }
    int perAddressLimit = limits.maxConnectionsPerAddress();
    int[] refused = {0};
    perAddress.compute(address, (key, count) -> {
      int now = count == null ? 0 : count;
      if (perAddressLimit > 0 && now >= perAddressLimit) {
        refused[0] = now;
        return count;
      }
      return now + 1;
    });
    if (refused[0] > 0) {
      open.decrementAndGet();
      return new Refusal(429, "Your address already has " + refused[0] + " streams open here, the limit; close one "
        + "(browsers share one stream between tabs with /subscribe?topic=a&topic=b) or try again in "
        + limits.retryAfterSeconds() + " s.");
    }
    return null;
  }

  /** Gives back the slot of a stream from {@code address}. */
  public void giveBack(String address) {
    perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    open.decrementAndGet();
  }

  /**
   * Takes one of the node's {@code limits.maxHttpConnections} slots for a new HTTP connection of any kind;
   * false when the node already holds that many (the connection is then to be closed at once).
   */
  public boolean takeConnection() {
    if (httpConnections.incrementAndGet() > limits.maxHttpConnections()) {
      httpConnections.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back the slot of an HTTP connection that has closed. */
  public void giveBackConnection() {
    httpConnections.decrementAndGet();
  }

  /** The node's rate-limited warnings about refused requests. */
  public EdgeLog edgeLog() {
    return edgeLog;
  }

  public int retryAfterSeconds() {
    return limits.retryAfterSeconds();
  }

  /** Streams holding a slot, and addresses with at least one. */
  public int open() {
    return open.get();
  }

  public int addresses() {
    return perAddress.size();
  }
}
