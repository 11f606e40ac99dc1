package io.ssehub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every key the config records accept, as their readers ask for them. A reader asks for the keys of an optional
 * part only when it is there ({@code kafka}, {@code auth}, {@code reports.redis}, the items of
 * {@code switchboard.pipeline} and {@code kafka.topics}), so the keys are those asked for while reading probe
 * configs that have every part: auth with a shared secret and with a public key, the bridge with permits, both TLS sections, and a pipeline stage that
 * names a URL. A key that a new reader asks for appears here without being listed anywhere else.
 */
public final class ConfigKeys {

  private static final String PROBE_SECRET = "a shared secret of thirty-two chars";

  private ConfigKeys() {
  }

  /** The keys by dotted name, sorted. */
  public static Map<String, ConfigKey> all() {
    return Probed.ALL;
  }

  /** Read once: the TLS sections ask for readable files, so the probes name an empty temporary one. */
  private static final class Probed {

    private static final Map<String, ConfigKey> ALL = probeAll();

    private static Map<String, ConfigKey> probeAll() {
      Path file = null;
      try {
        file = Files.createTempFile("ssehub-config-probe", ".pem");
        Map<String, ConfigKey> all = new TreeMap<>();
        all.putAll(probe("HS256", "secret", PROBE_SECRET, file.toString()));
        all.putAll(probe("RS256", "publicKey", "a public key", file.toString()));
        return Collections.unmodifiableMap(all);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not write the config probe's temporary file", e);
      } finally {
        if (file != null) {
          file.toFile().delete();
        }
      }
    }
  }

  private static Map<String, ConfigKey> probe(String algorithm, String keyName, String key, String file) {
    JsonObject probe = new JsonObject()
      .put("gateway", new JsonObject().put("tls", new JsonObject().put("certFile", file).put("keyFile", file)))
      .put("cluster", new JsonObject().put("tls", new JsonObject()
        .put("keyFile", file).put("certFile", file).put("trustFile", file)))
      .put("auth", new JsonObject().put("algorithm", algorithm).put(keyName, key))
      .put("kafka", new JsonObject().put("topics", new JsonArray().add(new JsonObject().put("hubTopic", "probe"))))
      .put("reports", new JsonObject().put("redis", new JsonObject()))
      .put("bridge", new JsonObject()
        .put("inbound", new JsonArray().add(new JsonObject().put("address", "probe")))
        .put("outbound", new JsonArray().add(new JsonObject().put("address", "probe"))))
      .put("switchboard", new JsonObject().put("pipeline", new JsonArray()
        .add(new JsonObject().put("name", "probe").put("url", "http://127.0.0.1/probe"))));
    ConfigReader reader = ConfigReader.root(probe);
    HubConfig.read(reader);
    return reader.keys();
  }
}
