package io.ssehub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link HubFixture} runs beside its node, each only when asked for: a real redis-server with a
 * {@link RedisProbe}, a real Kafka broker with a producer, a headless Chromium and a {@link LogCapture}.
 */
final class FixtureServers {

  private static final long CLOSE_TIMEOUT_SECONDS = 30;

  private final List<String> kafkaTopics = new ArrayList<>();
  private boolean redisWanted;
  private String redisPassword;
  private boolean kafkaWanted;
  private int[] browserSize;
  private LogCapture logs;
  private RedisServer redisServer;
  private RedisProbe redis;
  private KafkaBroker kafka;
  private KafkaProducer<String, String> producer;
  private Browser browser;

  /** A redis-server; with a {@code password} (or null for none) that its clients must send. */
  void wantRedis(String password) {
    redisWanted = true;
    redisPassword = password;
  }

  void wantKafka(List<String> topics) {
    kafkaWanted = true;
    kafkaTopics.addAll(topics);
  }

  void wantBrowser(int width, int height) {
    browserSize = new int[] {width, height};
  }

  void wantLogs(String loggerName) {
    logs = new LogCapture(loggerName);
  }

  /** Starts what was asked for, on the caller's thread, which may block. */
  void start(Vertx vertx) {
    if (logs != null) {
      logs.start();
    }
    if (redisWanted) {
      redisServer = redisPassword == null ? RedisServer.start() : RedisServer.startWithPassword(redisPassword);
      redis = new RedisProbe(vertx, redisServer);
    }
    if (kafkaWanted) {
      kafka = KafkaBroker.startNew();
      if (!kafkaTopics.isEmpty()) {
        kafka.createTopics(kafkaTopics.toArray(String[]::new));
      }
      producer = kafka.producer(vertx);
    }
    if (browserSize != null) {
      browser = openBrowser(browserSize[0], browserSize[1]);
    }
  }

  /** Closes the browser, the producer (awaited) and the Redis probe: what uses the test's Vert.x. */
  void closeClients() {
    if (browser != null) {
      closeBrowser(browser);
    }
    if (producer != null) {
      awaitClosed(producer.close(), "the Kafka producer");
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** Stops the servers, then the log capture. */
  void stop() {
    if (redisServer != null) {
      redisServer.stop();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (logs != null) {
      logs.stop();
    }
  }

  RedisServer redisServer() {
    return redisServer;
  }

  RedisProbe redis() {
    return redis;
  }

  KafkaBroker kafka() {
    return kafka;
  }

  KafkaProducer<String, String> producer() {
    return producer;
  }

  Browser browser() {
    return browser;
  }

  LogCapture logs() {
    return logs;
  }

  /** Waits for {@code closing}, failing with a sentence naming {@code what} after 30 s. */
  static void awaitClosed(Future<Void> closing, String what) {
    try {
      closing.toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + " did not close within " + CLOSE_TIMEOUT_SECONDS + " s", e);
    }
  }

  private static Browser openBrowser(int width, int height) {
    try {
      return new Browser(width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("Chromium could not be started", e);
    }
  }

  private static void closeBrowser(Browser browser) {
    try {
      browser.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Chromium could not be stopped", e);
    }
  }
}
