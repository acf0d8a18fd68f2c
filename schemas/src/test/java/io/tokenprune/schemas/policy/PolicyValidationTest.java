package io.tokenprune.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The range of every field, at its edges, as a record on the topic would state it. */
class PolicyValidationTest {

  @ParameterizedTest(name = "{0} = {1} is accepted")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          version           | 0
          version           | 9223372036854775807
          retainRatio       | 1
          retainRatio       | 1.0
          retainRatio       | 0.0001
          retainRatio       | 4.9E-324
          tau               | -1
          tau               | 1
          tau               | 0.65
          beta              | 0
          beta              | 1
          knn               | 1
          windowFrames      | 1
          windowFrames      | 2147483647
          idleFlushMs       | 1
          idleFlushMs       | 86400000
          maxWindow         | 1
          filterLayer       | 0
          filterLayer       | 13
          topK              | 1
          poolKernel        | 1
          poolKernel        | 5
          poolKernel        | 7
          granularity       | "TOKEN"
          granularity       | "SENTENCE"
          granularity       | "sentence"
          maxDocumentTokens | 1
          maxDocumentTokens | 131072
          innerLayer        | 1
          innerRatio        | 0
          innerRatio        | 0.999
          """)
  void acceptsAGoodValue(String field, String json) {
    PrunePolicy policy = PolicyJson.parse("{\"" + field + "\": " + json + "}");

    PrunePolicy again = PolicyJson.parse(PolicyJson.write(policy));
    assertThat(again).isEqualTo(policy);
    assertThat(PolicyJson.write(policy)).startsWith("{\"" + field + "\":");
  }

  @ParameterizedTest(name = "{0} = {1} is rejected: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          version           | -1                  | version must be >= 0, got -1
          version           | 1.5                 | version must be an integer, got 1.5
          version           | "7"                 | version must be an integer, got "7"
          retainRatio       | 0                   | retainRatio must be in (0,1], got 0.0
          retainRatio       | -0.1                | retainRatio must be in (0,1], got -0.1
          retainRatio       | 1.0000001           | retainRatio must be in (0,1], got 1.0000001
          retainRatio       | 1e400               | retainRatio must be in (0,1], got Infinity
          retainRatio       | "0.1"               | retainRatio must be a number, got "0.1"
          retainRatio       | true                | retainRatio must be a number, got true
          tau               | -1.01               | tau must be in [-1,1], got -1.01
          tau               | 2                   | tau must be in [-1,1], got 2.0
          beta              | -0.5                | beta must be in [0,1], got -0.5
          beta              | 1.5                 | beta must be in [0,1], got 1.5
          knn               | 0                   | knn must be >= 1, got 0
          knn               | 7.5                 | knn must be an integer, got 7.5
          knn               | 7.0                 | knn must be an integer, got 7.0
          knn               | [7]                 | knn must be an integer, got [7]
          windowFrames      | 0                   | windowFrames must be >= 1, got 0
          windowFrames      | 3000000000          | windowFrames must be an integer that fits in 32 bits, got 3000000000
          idleFlushMs       | 0                   | idleFlushMs must be >= 1, got 0
          maxWindow         | 0                   | maxWindow must be >= 1, got 0
          filterLayer       | -1                  | filterLayer must be >= 0, got -1
          topK              | 0                   | topK must be >= 1, got 0
          topK              | -1024               | topK must be >= 1, got -1024
          poolKernel        | 4                   | poolKernel must be odd and >= 1, got 4
          poolKernel        | 0                   | poolKernel must be odd and >= 1, got 0
          poolKernel        | -3                  | poolKernel must be odd and >= 1, got -3
          granularity       | "WORD"              | granularity must be one of [TOKEN, SENTENCE], got "WORD"
          granularity       | 0                   | granularity must be one of [TOKEN, SENTENCE], got 0
          maxDocumentTokens | 0                   | maxDocumentTokens must be >= 1, got 0
          innerLayer        | 0                   | innerLayer must be >= 1, got 0
          innerRatio        | 1                   | innerRatio must be in [0,1), got 1.0
          innerRatio        | -0.01               | innerRatio must be in [0,1), got -0.01
          """)
  void rejectsABadValueNamingFieldRangeAndValue(String field, String json, String message) {
    assertThatThrownBy(() -> PolicyJson.parse("{\"" + field + "\": " + json + "}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          retainRatio NaN | retainRatio must be in (0,1], got NaN
          tau NaN         | tau must be in [-1,1], got NaN
          innerRatio NaN  | innerRatio must be in [0,1), got NaN
          """)
  void theBuilderChecksTheSameRangesAndNaNFailsThem(String what, String message) {
    PrunePolicy.Builder builder = PrunePolicy.builder();
    switch (what.split(" ")[0]) {
      case "retainRatio" -> builder.retainRatio(Double.NaN);
      case "tau" -> builder.tau(Double.NaN);
      default -> builder.innerRatio(Double.NaN);
    }
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
