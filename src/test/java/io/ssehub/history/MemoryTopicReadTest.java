package io.ssehub.history;

import io.ssehub.testing.HubFixture;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Reading topics over HTTP with the in-memory history")
class MemoryTopicReadTest extends TopicReadCases {

  @Override
  HubFixture fixture() {
    return HubFixture.defaults();
  }
}
