package io.ssehub.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The drain schedule: closes spread evenly over the window, retry hints jittered around retryMillis")
class DrainScheduleTest {

  @Test
  @DisplayName("1,000 streams over 4 s: the first at once, the last in the final tenth, a hundred in each tenth")
  void spread() {
    long[] at = DrainSchedule.closeTimes(1000, 4000);
    assertThat(at[0]).isZero();
    assertThat(at[999]).isBetween(3600L, 3999L);
    int[] tenths = new int[10];
    for (long t : at) {
      tenths[(int) (t * 10 / 4000)]++;
    }
    assertThat(tenths).containsOnly(100);
    for (int i = 1; i < at.length; i++) {
      assertThat(at[i]).isGreaterThanOrEqualTo(at[i - 1]);
    }
  }

  @Test
  @DisplayName("One stream closes at once; a window of 0 closes all at once; none is no close at all")
  void edges() {
    assertThat(DrainSchedule.closeTimes(1, 10_000)).containsExactly(0);
    assertThat(DrainSchedule.closeTimes(3, 0)).containsExactly(0, 0, 0);
    assertThat(DrainSchedule.closeTimes(0, 10_000)).isEmpty();
  }

  @Test
  @DisplayName("Retry hints lie from half to one and a half times retryMillis, and differ from stream to stream")
  void jitter() {
    Random random = new Random(7);
    long[] hints = new long[1000];
    for (int i = 0; i < hints.length; i++) {
      hints[i] = DrainSchedule.retryMillis(3000, random);
    }
    assertThat(Arrays.stream(hints).min().getAsLong()).isGreaterThanOrEqualTo(1500L);
    assertThat(Arrays.stream(hints).max().getAsLong()).isLessThanOrEqualTo(4500L);
    Set<Long> distinct = new HashSet<>();
    Arrays.stream(hints).forEach(distinct::add);
    assertThat(distinct.size()).as("distinct hints among 1,000").isGreaterThan(500);
    assertThat(Arrays.stream(hints).filter(hint -> hint < 2250).count()).as("in the lowest quarter").isBetween(150L, 350L);
    assertThat(Arrays.stream(hints).filter(hint -> hint >= 3750).count()).as("in the highest quarter").isBetween(150L, 350L);
    assertThat(DrainSchedule.retryMillis(0, random)).isZero();
  }
}
