package io.tokenprune.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EffectivePolicyTest {

  @Test
  void theDefaultsAreThoseOfTheDesign() {
    EffectivePolicy d = EffectivePolicy.DEFAULTS;

    assertThat(d.version()).isZero();
    assertThat(d.retainRatio()).isEqualTo(0.10);
    assertThat(d.tau()).isEqualTo(0.80);
    assertThat(d.beta()).isEqualTo(0.6);
    assertThat(d.knn()).isEqualTo(7);
    assertThat(d.windowFrames()).isEqualTo(32);
    assertThat(d.idleFlushMs()).isEqualTo(5_000);
    assertThat(d.maxWindow()).isEqualTo(32);
    assertThat(d.filterLayer()).isEmpty();
    assertThat(d.topK()).isEqualTo(1024);
    assertThat(d.poolKernel()).isEqualTo(5);
    assertThat(d.granularity()).isEqualTo(Granularity.TOKEN);
    assertThat(d.maxDocumentTokens()).isEqualTo(131_072);
    assertThat(d.innerLayer()).isEqualTo(3);
    assertThat(d.innerRatio()).isEqualTo(0.5);
  }

  @Test
  void ofOnePolicyOverridesOnlyTheFieldsItSets() {
    EffectivePolicy p =
        EffectivePolicy.of(
            PrunePolicy.builder().version(4L).retainRatio(0.2).filterLayer(13).build());

    assertThat(p.version()).isEqualTo(4);
    assertThat(p.retainRatio()).isEqualTo(0.2);
    assertThat(p.filterLayer()).isEqualTo(OptionalInt.of(13));
    assertThat(p.values().withVersion(null).overriddenBy(PrunePolicy.EMPTY))
        .isEqualTo(EffectivePolicy.DEFAULTS.values().overriddenBy(p.values()));
    assertThat(EffectivePolicy.of(PrunePolicy.EMPTY)).isEqualTo(EffectivePolicy.DEFAULTS);
  }

  @Test
  void theValuesPrintWithoutTheModelDefaultFilterLayer() {
    String json = PolicyJson.write(EffectivePolicy.DEFAULTS.values());

    assertThat(json)
        .doesNotContain("filterLayer", "version")
        .contains("\"maxDocumentTokens\":131072");
    assertThat(EffectivePolicy.of(PolicyJson.parse(json))).isEqualTo(EffectivePolicy.DEFAULTS);
  }

  @Test
  void theConstructorChecksTheSameRanges() {
    assertThatThrownBy(
            () ->
                new EffectivePolicy(
                    0,
                    0.1,
                    0.8,
                    0.6,
                    7,
                    0,
                    5000,
                    32,
                    OptionalInt.of(-2),
                    1024,
                    5,
                    Granularity.TOKEN,
                    131072,
                    3,
                    0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowFrames must be >= 1, got 0; filterLayer must be >= 0, got -2");
    assertThatThrownBy(
            () ->
                new EffectivePolicy(
                    0,
                    0.1,
                    0.8,
                    0.6,
                    7,
                    32,
                    5000,
                    32,
                    OptionalInt.empty(),
                    1024,
                    5,
                    null,
                    131072,
                    3,
                    0.5))
        .hasMessage("granularity must be TOKEN or SENTENCE, got null");
  }

  @Test
  void aPolicyOverridesAnotherFieldByField() {
    PrunePolicy general = PrunePolicy.builder().version(1L).retainRatio(0.2).tau(0.7).build();
    PrunePolicy specific = PrunePolicy.builder().version(2L).retainRatio(0.3).knn(5).build();

    assertThat(general.overriddenBy(specific))
        .isEqualTo(PrunePolicy.builder().version(2L).retainRatio(0.3).tau(0.7).knn(5).build());
    assertThat(specific.overriddenBy(PrunePolicy.EMPTY)).isEqualTo(specific);
  }
}
