package io.tokenprune.reducer.holitom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HoliTomParamsTest {
  @Test
  void defaultsAreTheDesignValues() {
    assertThat(HoliTomParams.defaults()).isEqualTo(new HoliTomParams(0.10, 0.80, 0.6, 7, 32));
  }

  @Test
  void eachBadValueIsNamedInTheError() {
    assertThatThrownBy(() -> new HoliTomParams(0, 0.8, 0.6, 7, 32))
        .hasMessage("retainRatio must be in (0,1], got 0.0");
    assertThatThrownBy(() -> new HoliTomParams(Double.NaN, 0.8, 0.6, 7, 32))
        .hasMessageContaining("retainRatio");
    assertThatThrownBy(() -> new HoliTomParams(1.5, 0.8, 0.6, 7, 32))
        .hasMessageContaining("retainRatio");
    assertThatThrownBy(() -> new HoliTomParams(0.1, 1.1, 0.6, 7, 32))
        .hasMessage("tau must be in [-1,1], got 1.1");
    assertThatThrownBy(() -> new HoliTomParams(0.1, 0.8, -0.1, 7, 32))
        .hasMessage("beta must be in [0,1], got -0.1");
    assertThatThrownBy(() -> new HoliTomParams(0.1, 0.8, 0.6, 0, 32))
        .hasMessage("knn must be >= 1, got 0");
    assertThatThrownBy(() -> new HoliTomParams(0.1, 0.8, 0.6, 7, 0))
        .hasMessage("maxWindow must be >= 1, got 0");
  }

  @Test
  void boundsAreInclusiveWhereTheSpecSaysSo() {
    assertThat(new HoliTomParams(1, -1, 0, 1, 1).retainRatio()).isEqualTo(1);
    assertThat(new HoliTomParams(1e-9, 1, 1, 1, 1).tau()).isEqualTo(1);
  }
}
