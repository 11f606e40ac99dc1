package io.ssehub.history;

import io.ssehub.config.HubConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The in-memory history's idempotency keys")
class MemoryIdempotencyKeysTest {

  private final MemoryHistoryStore store = new MemoryHistoryStore(HubConfig.from(new JsonObject()).history());

  @Test
  @DisplayName("A key is known per set of topics, and at most the newest MAX_KEYS are kept, the oldest forgotten first")
  void keysAreScopedAndBounded() {
    store.start(null, event -> { });
    HistoryStore.Appended first = append(List.of("a", "b"), "k0");
    assertThat(append(List.of("b", "a"), "k0")).isEqualTo(new HistoryStore.Appended(first.id(), true));
    assertThat(append(List.of("a"), "k0").duplicate()).isFalse();

    for (int i = 1; i <= MemoryHistoryStore.MAX_KEYS; i++) {
      append(List.of("many"), "k" + i);
    }
    assertThat(append(List.of("many"), "k" + MemoryHistoryStore.MAX_KEYS).duplicate()).isTrue();
    assertThat(append(List.of("a", "b"), "k0").duplicate()).isFalse();
  }

  private HistoryStore.Appended append(List<String> topics, String key) {
    return store.append(new HistoryStore.Append(topics, null, "x", false, null, null, key)).result();
  }
}
