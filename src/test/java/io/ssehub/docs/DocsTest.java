package io.ssehub.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md and the pages of docs/ as a reader of the repository meets them: README opens with the two
 * commands and stays short, no page points outside the repository, and every relative link leads to a file
 * (and heading) that exists. Runs from the repository root, as Maven runs every test.
 */
@DisplayName("README.md and docs/")
class DocsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
  private static final Path README = ROOT.resolve("README.md");
  private static final int README_LIMIT = 20_000;
  /** The JVM flags of README's run command: the ones the benchmarks measured (docs/benchmarks.md). */
  private static final String JVM_FLAGS = "-Xms64m -Xmx512m -Xmn16m -XX:+UseSerialGC -Xss256k -XX:CompileThresholdScaling=0.02";
  private static final String RUN_COMMAND = "mvn -B -q package -DskipTests && java " + JVM_FLAGS + " -jar target/sse-hub.jar";
  private static final String TEST_COMMAND = "bash scripts/test.sh";

  private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```.*?^```");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`\n]*`");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]\n]*]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");
  private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared|/work/|/home/|(?i:\\bissue \\d)");
  private static final Pattern PLANNING = Pattern.compile("(?i)\\bdraft\\b|\\bthe lead\\b|\\bseeds? \\d");

  @Test
  @DisplayName("README.md is under 20,000 characters")
  void readmeIsShort() {
    assertThat(read(README).length()).isLessThan(README_LIMIT);
  }

  @Test
  @DisplayName("README.md opens with the command that builds and runs the hub and the one that runs every test")
  void readmeOpensWithTheTwoCommands() {
    List<String> lines = read(README).lines().toList();
    assertThat(lines.get(0)).startsWith("# ");
    int fence = lines.indexOf("```bash");
    assertThat(lines.subList(1, fence)).as("nothing but blank lines before the commands").allMatch(String::isBlank);
    assertThat(lines.get(fence + 1)).startsWith(RUN_COMMAND + " ");
    assertThat(lines.get(fence + 2)).startsWith(TEST_COMMAND + " ");
    assertThat(lines.get(fence + 3)).isEqualTo("```");
  }

  @Test
  @DisplayName("The benchmarks start the hub with the JVM flags of README's run command, so that they measure the launch README gives")
  void benchmarksUseTheRunCommandsFlags() {
    for (String script : List.of("bench/run.sh", "bench/cluster.sh", "bench/cold-levers.sh")) {
      Matcher defaults = Pattern.compile("(?m)^HUB_JAVA_OPTS=\\$\\{HUB_JAVA_OPTS:-\"([^\"]*)\"}").matcher(read(ROOT.resolve(script)));
      assertThat(defaults.find()).as(script + " sets a default HUB_JAVA_OPTS").isTrue();
      assertThat(defaults.group(1)).as(script).isEqualTo(JVM_FLAGS);
    }
  }

  @Test
  @DisplayName("No page names a place outside the repository or an issue number")
  void nothingPointsOutside() {
    List<String> found = new ArrayList<>();
    for (Path page : pages()) {
      matches(OUTSIDE, read(page)).forEach(match -> found.add(ROOT.relativize(page) + ": " + match));
    }
    assertThat(found).isEmpty();
  }

  @Test
  @DisplayName("README.md and docs/ carry no planning words: no draft, no lead, no demo named by a number")
  void readmeHasNoPlanningWords() {
    List<String> found = new ArrayList<>();
    for (Path page : pages()) {
      matches(PLANNING, read(page)).forEach(match -> found.add(ROOT.relativize(page) + ": " + match));
    }
    assertThat(found).isEmpty();
  }

  @Test
  @DisplayName("Every relative link leads to a file of the repository, and an #anchor to a heading of that page")
  void relativeLinksResolve() {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      for (String target : links(page)) {
        String why = brokenLink(page, target);
        if (why != null) {
          broken.add(ROOT.relativize(page) + ": (" + target + ") " + why);
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  @DisplayName("README.md links every page of docs/")
  void readmeLinksEveryPage() {
    List<String> linked = links(README);
    for (Path page : pages()) {
      if (!page.equals(README)) {
        assertThat(linked).contains(ROOT.relativize(page).toString());
      }
    }
  }

  /** Why a link is broken, or null when it leads somewhere. External links and autolinks are not followed. */
  private static String brokenLink(Path page, String target) {
    if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
      return null;
    }
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!file.startsWith(ROOT)) {
      return "leaves the repository";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (anchor != null && file.toString().endsWith(".md") && !anchors(file).contains(anchor)) {
      return "no heading with the anchor #" + anchor + " in " + ROOT.relativize(file);
    }
    return null;
  }

  private static List<String> links(Path page) {
    String text = INLINE_CODE.matcher(FENCED_BLOCK.matcher(read(page)).replaceAll("")).replaceAll("");
    return matches(LINK, text, 1);
  }

  /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
  private static List<String> anchors(Path page) {
    return matches(HEADING, read(page), 1).stream()
      .map(heading -> heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
      .toList();
  }

  private static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(README));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  private static List<String> matches(Pattern pattern, String text) {
    return matches(pattern, text, 0);
  }

  private static List<String> matches(Pattern pattern, String text, int group) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(group));
    }
    return found;
  }

  private static String read(Path page) {
    try {
      return Files.readString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
