package io.ssehub.history;

import io.ssehub.testing.HubFixture;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Events of several topics with the in-memory history")
class MemorySeveralTopicsTest extends SeveralTopicsCases {

  @Override
  HubFixture fixture() {
    return HubFixture.defaults();
  }
}
