package io.ssehub;

import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

  @Test
  void oneEventLoopPerCoreByDefault() {
    assertThat(Main.withEventLoops(new VertxOptions(), 2).getEventLoopPoolSize()).isEqualTo(2);
    assertThat(Main.withEventLoops(new VertxOptions(), 8).getEventLoopPoolSize()).isEqualTo(8);
    assertThat(Main.withEventLoops(new VertxOptions(), 0).getEventLoopPoolSize()).isEqualTo(1);
  }

  @Test
  void optionsNamingAnotherNumberWin() {
    assertThat(Main.withEventLoops(new VertxOptions().setEventLoopPoolSize(3), 2).getEventLoopPoolSize()).isEqualTo(3);
  }

  @Test
  void confArgumentInBothForms() {
    assertThat(Main.confArgument(new String[] {"-conf", "a.json", "-cluster"})).isEqualTo("a.json");
    assertThat(Main.confArgument(new String[] {"--conf=b.json"})).isEqualTo("b.json");
    assertThat(Main.confArgument(new String[] {"-cluster"})).isNull();
  }

  @Test
  void clusteredInEveryFormTheLauncherTakes() {
    assertThat(Main.clustered(new String[] {"-cluster"})).isTrue();
    assertThat(Main.clustered(new String[] {"--cluster"})).isTrue();
    assertThat(Main.clustered(new String[] {"-conf", "a.json", "-c"})).isTrue();
    assertThat(Main.clustered(new String[] {"-conf", "c.json"})).isFalse();
  }
}
