package io.tokenprune.reducer.holitom.archfixture;

import org.apache.kafka.common.serialization.Serdes;

/**
 * A deliberate violation of {@code PureAlgorithmsArchitectureTest}'s rule, in test sources only, so
 * the test can prove the rule catches one.
 */
public final class LeaksKafka {
  private LeaksKafka() {}

  public static Object serde() {
    return Serdes.String();
  }
}
