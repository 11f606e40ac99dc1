package io.ssehub.gateway;

import io.ssehub.bus.EventId;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A stream's event order: nothing twice, nothing after a later id, held events released once")
class StreamOrderTest {

  private final StreamOrder order = new StreamOrder();

  @Test
  @DisplayName("An id is admitted only when it comes after the last one, by millisecond then sequence")
  void admitsOnlyLaterIds() {
    assertThat(order.admit(new EventId(0, 0))).isTrue();
    assertThat(order.admit(new EventId(5, 1))).isTrue();
    assertThat(order.admit(new EventId(5, 1))).as("the same id").isFalse();
    assertThat(order.admit(new EventId(5, 0))).as("an earlier sequence").isFalse();
    assertThat(order.admit(new EventId(4, 9))).as("an earlier millisecond").isFalse();
    assertThat(order.admit(new EventId(5, 2))).isTrue();
    assertThat(order.admit(new EventId(6, 0))).isTrue();
  }

  @Test
  @DisplayName("Held live events are released after the replay, without those the replay already wrote")
  void releaseSkipsReplayedEvents() {
    order.hold();
    assertThat(order.holding()).isTrue();
    order.holdBack(new EventId(10, 0), Buffer.buffer("a"), 10);
    order.holdBack(new EventId(11, 0), Buffer.buffer("b"), 10);
    order.holdBack(new EventId(12, 0), Buffer.buffer("c"), 10);
    Buffer replay = Buffer.buffer();
    assertThat(order.append(replay, new EventId(9, 0), Buffer.buffer("r"))).isEqualTo(1);
    assertThat(order.append(replay, new EventId(11, 0), Buffer.buffer("b"))).isEqualTo(1);

    Buffer released = Buffer.buffer();
    assertThat(order.release(released)).isEqualTo(1);
    assertThat(released.toString()).isEqualTo("c");
    assertThat(replay.toString()).isEqualTo("rb");
    assertThat(order.holding()).isFalse();
  }

  @Test
  @DisplayName("Holding back refuses an event once the limit is reached")
  void holdingIsBounded() {
    order.hold();
    assertThat(order.holdBack(new EventId(1, 0), Buffer.buffer("a"), 2)).isTrue();
    assertThat(order.holdBack(new EventId(2, 0), Buffer.buffer("b"), 2)).isTrue();
    assertThat(order.holdBack(new EventId(3, 0), Buffer.buffer("c"), 2)).isFalse();
  }
}
