package io.ssehub.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("gateway.tls: a PEM certificate and key, both or neither, readable files")
class TlsConfigTest {

  @TempDir
  Path dir;

  private static HubConfig withTls(JsonObject tls) {
    return HubConfig.from(new JsonObject().put("gateway", new JsonObject().put("tls", tls)));
  }

  @Test
  @DisplayName("Without the section the gateway has no TLS")
  void absent() {
    TlsConfig tls = HubConfig.from(new JsonObject()).gateway().tls();
    assertThat(tls.enabled()).isFalse();
    assertThat(tls.reloadSeconds()).isEqualTo(5);
  }

  @Test
  @DisplayName("Both files readable: TLS on, with the reload period given")
  void both() throws IOException {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "cert");
    Path key = Files.writeString(dir.resolve("key.pem"), "key");
    TlsConfig tls = withTls(new JsonObject().put("certFile", cert.toString()).put("keyFile", key.toString())
      .put("reloadSeconds", 2)).gateway().tls();
    assertThat(tls.enabled()).isTrue();
    assertThat(tls.certFile()).isEqualTo(cert.toString());
    assertThat(tls.keyFile()).isEqualTo(key.toString());
    assertThat(tls.reloadSeconds()).isEqualTo(2);
  }

  @Test
  @DisplayName("One file without the other fails, naming the missing key")
  void oneOnly() throws IOException {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "cert");
    assertThatThrownBy(() -> withTls(new JsonObject().put("certFile", cert.toString())))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("gateway.tls.keyFile")
      .hasMessageContaining("both");
    assertThatThrownBy(() -> withTls(new JsonObject().put("keyFile", cert.toString())))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("gateway.tls.certFile");
  }

  @Test
  @DisplayName("A file that does not exist, or a directory, fails naming the key and the path")
  void unreadable() throws IOException {
    Path key = Files.writeString(dir.resolve("key.pem"), "key");
    String missing = dir.resolve("nope.pem").toString();
    assertThatThrownBy(() -> withTls(new JsonObject().put("certFile", missing).put("keyFile", key.toString())))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("gateway.tls.certFile")
      .hasMessageContaining(missing);
    assertThatThrownBy(() -> withTls(new JsonObject().put("certFile", key.toString()).put("keyFile", dir.toString())))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("gateway.tls.keyFile");
  }

  @Test
  @DisplayName("An unknown key in the section is refused")
  void unknownKey() {
    assertThatThrownBy(() -> withTls(new JsonObject().put("certfile", "x")))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("gateway.tls.certfile");
  }
}
