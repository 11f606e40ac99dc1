package io.ssehub.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Dependencies run one way: no core package imports a module")
class ModuleBoundaryTest {

  private static final Path MAIN = Path.of("src/main/java/io/ssehub");
  private static final Set<String> CORE = Set.of("bridge", "bus", "cluster", "config", "gateway", "health", "history",
    "metrics", "node", "security", "sse");
  private static final Set<String> MODULES = Set.of("alerts", "announcer", "clock", "generator", "kafka", "monitor",
    "mercure", "polyglot", "processor", "redis", "report", "switchboard", "users");

  @Test
  @DisplayName("Every package is either core or a module, and no core source file imports a module package")
  void coreImportsNoModule() throws IOException {
    List<String> packages;
    try (Stream<Path> dirs = Files.list(MAIN)) {
      packages = dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).toList();
    }
    assertThat(packages).allSatisfy(name -> assertThat(CORE.contains(name) || MODULES.contains(name))
      .as("package %s is listed as core or module", name).isTrue());
    List<String> crossings = new ArrayList<>();
    for (String core : CORE) {
      try (Stream<Path> files = Files.walk(MAIN.resolve(core))) {
        for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
          Files.readAllLines(file).stream()
            .filter(line -> MODULES.stream().anyMatch(module -> line.startsWith("import io.ssehub." + module + ".")))
            .forEach(line -> crossings.add(MAIN.relativize(file) + ": " + line));
        }
      }
    }
    assertThat(crossings).isEmpty();
  }
}
