package io.tokenprune.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Resolution order, field-by-field inheritance and the policyVersion of the result. */
class PolicyChainTest {

  private final PolicyView view = new PolicyView();

  private void put(String scope, String json) {
    assertThat(view.put(scope, json)).isInstanceOf(PolicyUpdate.Accepted.class);
  }

  @Test
  void withNoRecordTheDefaultsApplyWithVersionZero() {
    EffectivePolicy effective = view.resolve("cam-1");

    assertThat(effective).isEqualTo(EffectivePolicy.DEFAULTS);
    assertThat(effective.version()).isZero();
    assertThat(view.chain("cam-1").links()).isEmpty();
  }

  @Test
  void exactThenLongestPrefixThenGlobalThenDefaultsFieldByField() {
    put("*", "{\"version\": 1, \"retainRatio\": 0.2, \"tau\": 0.7, \"beta\": 0.5}");
    put("cam-", "{\"version\": 2, \"retainRatio\": 0.15, \"knn\": 5}");
    put("cam-1", "{\"version\": 3, \"retainRatio\": 0.3}");

    EffectivePolicy cam1 = view.resolve("cam-1");
    assertThat(cam1.retainRatio()).isEqualTo(0.3); // exact
    assertThat(cam1.knn()).isEqualTo(5); // the prefix
    assertThat(cam1.tau()).isEqualTo(0.7); // *
    assertThat(cam1.beta()).isEqualTo(0.5); // *
    assertThat(cam1.windowFrames()).isEqualTo(32); // defaults
    assertThat(view.chain("cam-1").links())
        .extracting(ScopedPolicy::scope)
        .containsExactly("cam-1", "cam-", "*");

    EffectivePolicy cam2 = view.resolve("cam-2");
    assertThat(cam2.retainRatio()).isEqualTo(0.15);
    assertThat(cam2.knn()).isEqualTo(5);
    assertThat(cam2.tau()).isEqualTo(0.7);

    EffectivePolicy mic = view.resolve("mic-1");
    assertThat(mic.retainRatio()).isEqualTo(0.2);
    assertThat(mic.knn()).isEqualTo(7);
    assertThat(mic.version()).isEqualTo(1);
    assertThat(mic)
        .isEqualTo(
            EffectivePolicy.DEFAULTS.overriddenBy(
                PrunePolicy.builder().retainRatio(0.2).tau(0.7).beta(0.5).build(), 1));
  }

  @Test
  void onlyTheLongestMatchingPrefixTakesPart() {
    put("cam-", "{\"version\": 1, \"retainRatio\": 0.15, \"knn\": 5}");
    put("cam-lobby-", "{\"version\": 2, \"tau\": 0.6}");

    EffectivePolicy lobby = view.resolve("cam-lobby-3");

    assertThat(view.chain("cam-lobby-3").links())
        .extracting(ScopedPolicy::scope)
        .containsExactly("cam-lobby-");
    assertThat(lobby.tau()).isEqualTo(0.6);
    assertThat(lobby.retainRatio()).isEqualTo(0.10); // the shadowed cam- does not apply
    assertThat(lobby.knn()).isEqualTo(7);
    assertThat(lobby.version()).isEqualTo(2);
    assertThat(view.resolve("cam-door-1").retainRatio()).isEqualTo(0.15);
  }

  @Test
  void aScopeIsBothAnExactIdAndAPrefix() {
    put("cam-1", "{\"version\": 4, \"topK\": 256}");

    assertThat(view.chain("cam-1").links())
        .extracting(ScopedPolicy::scope)
        .containsExactly("cam-1");
    assertThat(view.resolve("cam-10").topK()).isEqualTo(256); // cam-1 is a prefix of cam-10
    assertThat(view.resolve("cam-2").topK()).isEqualTo(1024);
    assertThat(view.resolve("cam-").topK()).isEqualTo(1024); // a scope is no prefix of a shorter id
  }

  @Test
  void aMoreSpecificScopeWinsOnlyForTheIdsItCovers() {
    put("doc-", "{\"version\": 1, \"granularity\": \"SENTENCE\"}");
    put("doc-legal", "{\"version\": 2, \"granularity\": \"TOKEN\", \"filterLayer\": 19}");

    assertThat(view.resolve("doc-legal").granularity()).isEqualTo(Granularity.TOKEN);
    assertThat(view.resolve("doc-legal").filterLayer()).isEqualTo(OptionalInt.of(19));
    assertThat(view.resolve("doc-other").granularity()).isEqualTo(Granularity.SENTENCE);
    assertThat(view.resolve("doc-other").filterLayer()).isEmpty();
  }

  @Test
  void theGlobalIdResolvesToTheGlobalScopeOnlyAndAnIdStartingWithStarIsNoPrefixMatch() {
    put("*", "{\"version\": 3, \"knn\": 3}");

    assertThat(view.chain("*").links()).hasSize(1);
    assertThat(view.chain("*x").links()).extracting(ScopedPolicy::scope).containsExactly("*");
    assertThat(view.resolve("").knn()).isEqualTo(3);
  }

  @Test
  void oneRecordWithAVersionGivesThatVersion() {
    put("cam-", "{\"version\": 7, \"retainRatio\": 0.15}");

    assertThat(view.resolve("cam-1").version()).isEqualTo(7);
  }

  @Test
  void severalRecordsGiveANegativeFingerprintThatFollowsEveryChange() {
    put("*", "{\"version\": 9, \"beta\": 0.5}");
    put("cam-1", "{\"version\": 5, \"retainRatio\": 0.3}");
    long both = view.resolve("cam-1").version();
    assertThat(both).isNegative();

    put("*", "{\"version\": 10, \"beta\": 0.4}");
    long newGlobal = view.resolve("cam-1").version();
    assertThat(newGlobal).isNegative().isNotEqualTo(both);

    put("*", "{\"version\": 10, \"beta\": 0.45}"); // same version, new values: still a change
    long sameVersion = view.resolve("cam-1").version();
    assertThat(sameVersion).isNotEqualTo(newGlobal);

    put("cam-", "{\"version\": 2, \"knn\": 5}"); // a lower version than the others
    long withPrefix = view.resolve("cam-1").version();
    assertThat(withPrefix).isNotIn(both, newGlobal, sameVersion);

    view.delete("cam-"); // a tombstone: the highest version in the chain stays 10
    assertThat(view.resolve("cam-1").version()).isEqualTo(sameVersion);
    view.delete("cam-1");
    assertThat(view.resolve("cam-1").version()).isEqualTo(10);
    view.delete("*");
    assertThat(view.resolve("cam-1").version()).isZero();
  }

  @Test
  void theVersionDependsOnlyOnTheHeldRecordsNotOnTheirOrder() {
    String[][] records = {
      {"*", "{\"version\": 1, \"tau\": 0.7}"},
      {"cam-", "{\"version\": 2, \"retainRatio\": 0.15}"},
      {"cam-1", "{\"retainRatio\": 0.3}"},
    };
    PolicyView other = new PolicyView();
    for (int i = 0; i < records.length; i++) {
      put(records[i][0], records[i][1]);
      String[] backwards = records[records.length - 1 - i];
      other.put(backwards[0], backwards[1]);
    }

    assertThat(other.resolve("cam-1")).isEqualTo(view.resolve("cam-1"));
    assertThat(other.resolve("cam-2")).isEqualTo(view.resolve("cam-2"));
  }

  @Test
  void aRecordWithoutVersionIsNamedByAFingerprintOfItsScopeAndContent() {
    put("cam-", "{\"retainRatio\": 0.15}");
    long first = view.resolve("cam-1").version();
    put("cam-", "{ \"retainRatio\" : 0.15 }");
    long sameContent = view.resolve("cam-1").version();
    put("cam-", "{\"retainRatio\": 0.2}");
    long newContent = view.resolve("cam-1").version();
    put("cam-1", "{\"retainRatio\": 0.2}");
    long otherScope = view.chain("cam-1").links().get(0).version();

    assertThat(first).isNegative().isEqualTo(sameContent);
    assertThat(newContent).isNegative().isNotEqualTo(first).isNotEqualTo(otherScope);
  }
}
