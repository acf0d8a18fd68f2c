package io.tokenprune.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyJsonTest {

  private static final PrunePolicy FULL =
      PrunePolicy.builder()
          .version(42L)
          .retainRatio(0.15)
          .tau(0.65)
          .beta(0.5)
          .knn(5)
          .windowFrames(16)
          .idleFlushMs(2_000L)
          .maxWindow(8)
          .filterLayer(13)
          .topK(512)
          .poolKernel(3)
          .granularity(Granularity.SENTENCE)
          .maxDocumentTokens(65_536)
          .innerLayer(18)
          .innerRatio(0.25)
          .build();

  @Test
  void everyFieldSurvivesARoundTrip() {
    String json = PolicyJson.write(FULL);

    assertThat(PolicyJson.parse(json)).isEqualTo(FULL);
    assertThat(PolicyJson.parse(PolicyJson.writePretty(FULL))).isEqualTo(FULL);
    assertThat(json).doesNotContain("\n").startsWith("{\"version\":42,\"retainRatio\":0.15,");
  }

  @Test
  void writesOnlyTheFieldsThatAreSet() {
    PrunePolicy policy = PrunePolicy.builder().retainRatio(0.15).build();

    assertThat(PolicyJson.write(policy)).isEqualTo("{\"retainRatio\":0.15}");
    assertThat(PolicyJson.write(PrunePolicy.EMPTY)).isEqualTo("{}");
  }

  @Test
  void absentAndNullFieldsBothInherit() {
    assertThat(PolicyJson.parse("{}")).isEqualTo(PrunePolicy.EMPTY);
    assertThat(PolicyJson.parse("{\"tau\": null, \"version\": null}")).isEqualTo(PrunePolicy.EMPTY);
  }

  @Test
  void reportsEveryRangeViolationOfARecordAtOnce() {
    assertThatThrownBy(() -> PolicyJson.parse("{\"retainRatio\": 1.5, \"tau\": 2, \"topK\": 0}"))
        .hasMessage(
            "retainRatio must be in (0,1], got 1.5; tau must be in [-1,1], got 2.0;"
                + " topK must be >= 1, got 0");
  }

  @Test
  void anUnknownFieldIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> PolicyJson.parse("{\"retainRatio\": 0.1, \"ratio\": 0.2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown field \"ratio\" (line 1, column ")
        .hasMessageContaining("the fields are version, retainRatio, tau,")
        .hasMessageEndingWith("innerLayer, innerRatio");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"retainratio, retainRatio", "retain_ratio, retainRatio", "TOP-K, topK"})
  void aNearMissOfAFieldNameGetsASuggestion(String written, String meant) {
    assertThatThrownBy(() -> PolicyJson.parse("{\"" + written + "\": 1}"))
        .hasMessageStartingWith("unknown field \"" + written + "\" (line 1, column ")
        .hasMessageEndingWith("); did you mean \"" + meant + "\"?");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"tau": 0.8,\\n  "beta": }     | bad JSON (line 2, column 11): Unexpected character ('}'
          {"tau": 0.8                    | bad JSON (line 1, column 12): Unexpected end-of-input
          {'tau': 0.8}                   | bad JSON (line 1, column 2): Unexpected character ('''
          {"tau": NaN}                   | bad JSON (line 1, column 12): Non-standard token 'NaN'
          {"tau": 0.8,\\n\\n "tau": 0.7} | bad JSON (line 3, column 7): Duplicate field 'tau'
          {"tau": 0.8} {"beta": 0.5}     | bad JSON (line 1, column 14): content after the policy object
          [{"tau": 0.8}]                 | a policy must be a JSON object, got [{"tau":0.8}]
          "tau"                          | a policy must be a JSON object, got "tau"
          null                           | a policy must be a JSON object, got null
          {"tau": 0.8,\\n "knn": "7"}    | knn must be an integer, got "7" (line 2, column 9)
          """)
  void badJsonIsRejectedWithLineAndColumn(String json, String message) {
    assertThatThrownBy(() -> PolicyJson.parse(json.replace("\\n", "\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void emptyAndNullValuesAreNotPolicies() {
    assertThatThrownBy(() -> PolicyJson.parse(" \n"))
        .hasMessageStartingWith("policy is empty: write a JSON object");
    assertThatThrownBy(() -> PolicyJson.parse(null))
        .hasMessage("policy is null: a null value is a tombstone, not a policy");
  }

  @Test
  void jacksonsAdviceAndSourceExcerptsStayOutOfMessages() {
    assertThatThrownBy(() -> PolicyJson.parse("{\"tau\": NaN}"))
        .message()
        .doesNotContain("enable", "Source", "\n");
  }

  /** docs/policies.md is the operator's reference: a new field must be documented there. */
  @Test
  void theOperatorsGuideDocumentsEveryField() throws IOException {
    String guide = Files.readString(Path.of("..", "docs", "policies.md"));

    for (String field : PolicyJson.FIELDS) {
      assertThat(guide).as(field).contains("| `" + field + "` |");
    }
  }
}
