package io.tokenprune.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StageTest {
  @Test
  void parsesAndPrintsTheSameText() {
    Stage s = Stage.parse("512x8:100-400@50");
    assertThat(s).isEqualTo(new Stage(512, 8, 100, 400, 50));
    assertThat(Stage.parse(s.toString())).isEqualTo(s);
  }

  @Test
  void namesTheTextThatDoesNotParse() {
    assertThatThrownBy(() -> Stage.parse("512x8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'512x8'");
    assertThatThrownBy(() -> Stage.parse("512x8:400-100@50"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minSteps");
  }
}
