package io.ssehub;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The product jar: the hub and its libraries, without the benchmark tools")
class ProductJarIT {

  @Test
  @DisplayName("target/sse-hub.jar holds the hub's main class and no class of the load tools (io/ssehub/bench)")
  void noBenchmarkTools() throws IOException {
    try (ZipFile jar = new ZipFile(System.getProperty("hub.jar"))) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertThat(names).contains("io/ssehub/Main.class", "io/ssehub/HubVerticle.class");
      assertThat(names).noneMatch(name -> name.startsWith("io/ssehub/bench/"));
    }
  }
}
