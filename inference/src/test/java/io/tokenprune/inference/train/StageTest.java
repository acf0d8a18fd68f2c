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
  void alternatesSeveralShapesStepByStepAndEvaluatesAtTheLongest() {
    Stage s = Stage.parse("1024x4+4096x1:0-500@100");
    assertThat(s.shapes()).containsExactly(new Stage.Shape(1024, 4), new Stage.Shape(4096, 1));
    assertThat(s.shape(0)).isEqualTo(new Stage.Shape(1024, 4));
    assertThat(s.shape(1)).isEqualTo(new Stage.Shape(4096, 1));
    assertThat(s.shape(2)).isEqualTo(new Stage.Shape(1024, 4));
    assertThat(s.length()).isEqualTo(4096);
    assertThat(s.toString()).isEqualTo("1024x4+4096x1:0-500@100");
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
    assertThatThrownBy(() -> Stage.parse("1024x4+:0-10@5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1024x4+:0-10@5'");
    assertThatThrownBy(() -> Stage.parse("1024x4+32x1:0-10@5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 64");
  }
}
