package io.ssehub.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Redacted: connection strings shown with their user info masked, host and port kept")
class RedactedTest {

  @Test
  @DisplayName("A Redis URL loses its user and password and keeps scheme, host, port and database")
  void redisUrl() {
    assertThat(Redacted.url("redis://default:S3cret@db.example.com:6379/2"))
      .isEqualTo("redis://***@db.example.com:6379/2");
    assertThat(Redacted.url("rediss://:S3cret@db:6380")).isEqualTo("rediss://***@db:6380");
    assertThat(Redacted.url("redis://token-only@db")).isEqualTo("redis://***@db");
    assertThat(Redacted.url("redis://us%40er:p@ss@db:6379")).isEqualTo("redis://***@db:6379");
  }

  @Test
  @DisplayName("A URL without user info, a Kafka server list and null are shown as they are, credentials masked")
  void otherAddresses() {
    assertThat(Redacted.url("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    assertThat(Redacted.url("redis://db:6379/0?client=hub@home")).isEqualTo("redis://db:6379/0?client=hub@home");
    assertThat(Redacted.url("k1:9092,k2:9092")).isEqualTo("k1:9092,k2:9092");
    assertThat(Redacted.url("sasl:S3cret@k1:9092,k2:9092")).isEqualTo("***@k1:9092,k2:9092");
    assertThat(Redacted.url(null)).isNull();
  }

  @Test
  @DisplayName("An error message that echoes a URL has the URL's user info masked and keeps its words")
  void errorMessage() {
    assertThat(Redacted.text("Failed to connect to redis://default:S3cret@db:6379 (refused); see redis://x@y"))
      .isEqualTo("Failed to connect to redis://***@db:6379 (refused); see redis://***@y");
    assertThat(Redacted.text("WRONGPASS invalid username-password pair")).isEqualTo("WRONGPASS invalid username-password pair");
    assertThat(Redacted.text(null)).isNull();
  }
}
