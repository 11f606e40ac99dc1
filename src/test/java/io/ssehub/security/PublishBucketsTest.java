package io.ssehub.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Publish token buckets: burst, refill, Retry-After, independent clients, idle buckets dropped")
class PublishBucketsTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(42 * SECOND);

  @Test
  @DisplayName("A client gets its burst at once, then waits; the wait is whole seconds rounded up")
  void burstThenWait() {
    PublishBuckets buckets = new PublishBuckets(2, 3, clock::get);
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).as("the fourth at once: half a second to the next token, said as 1 s").isEqualTo(1);
    PublishBuckets slow = new PublishBuckets(1, 1, clock::get);
    assertThat(slow.take("a")).isZero();
    clock.addAndGet(SECOND / 10);
    assertThat(slow.take("a")).as("0.9 s to the next token at 1 a second").isEqualTo(1);
    PublishBuckets rare = new PublishBuckets(1, 1, clock::get);
    rare.take("b");
    assertThat(rare.take("b")).isEqualTo(1);
    assertThat(new PublishBuckets(3, 1, clock::get).take("c")).isZero();
  }

  @Test
  @DisplayName("Tokens come back at the rate, never beyond the burst")
  void refill() {
    PublishBuckets buckets = new PublishBuckets(2, 3, clock::get);
    for (int i = 0; i < 3; i++) {
      buckets.take("a");
    }
    clock.addAndGet(SECOND / 2);
    assertThat(buckets.take("a")).as("one token after half a second").isZero();
    assertThat(buckets.take("a")).isEqualTo(1);
    clock.addAndGet(100 * SECOND);
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).as("a long rest refills to the burst, not more").isEqualTo(1);
  }

  @Test
  @DisplayName("Two clients have their own buckets")
  void independentClients() {
    PublishBuckets buckets = new PublishBuckets(1, 2, clock::get);
    buckets.take("a");
    buckets.take("a");
    assertThat(buckets.take("a")).isEqualTo(1);
    assertThat(buckets.take("b")).isZero();
    assertThat(buckets.take("b")).isZero();
    assertThat(buckets.take("b")).isEqualTo(1);
  }

  @Test
  @DisplayName("Buckets that have refilled are dropped: 10,000 one-off clients leave none behind after two refill times")
  void idleBucketsDropped() {
    PublishBuckets buckets = new PublishBuckets(10, 20, clock::get);
    for (int i = 0; i < 10_000; i++) {
      buckets.take("client-" + i);
    }
    assertThat(buckets.size()).isEqualTo(10_000);
    clock.addAndGet(2 * SECOND);
    buckets.take("busy");
    buckets.take("busy");
    assertThat(buckets.size()).as("the one-off clients are full again after 2 s (20 at 10 a second)").isEqualTo(1);
    clock.addAndGet(SECOND / 10);
    buckets.take("other");
    assertThat(buckets.size()).as("no sweep within a refill time of the last").isEqualTo(2);
    clock.addAndGet(3 * SECOND);
    buckets.take("last");
    assertThat(buckets.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("Rate 0 is off")
  void off() {
    assertThat(new PublishBuckets(0, 20, clock::get).enabled()).isFalse();
    assertThat(new PublishBuckets(1, 20, clock::get).enabled()).isTrue();
  }
}
