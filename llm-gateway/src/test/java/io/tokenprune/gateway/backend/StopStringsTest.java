package io.tokenprune.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {
  @Test
  void aStopSplitOverPiecesNeverLeaks() {
    StopStrings s = new StopStrings(List.of("END"));
    assertThat(s.offer("The answer E")).isEqualTo("The answer ");
    assertThat(s.offer("N")).isEmpty();
    assertThat(s.offer("D and more")).isEmpty();
    assertThat(s.stopped()).isTrue();
    assertThat(s.offer("later")).isEmpty();
  }

  @Test
  void aFalseStartIsReleased() {
    StopStrings s = new StopStrings(List.of("END"));
    assertThat(s.offer("E")).isEmpty();
    assertThat(s.offer("x")).isEqualTo("Ex");
    assertThat(s.offer("EN")).isEmpty();
    assertThat(s.flush()).isEqualTo("EN");
    assertThat(s.stopped()).isFalse();
  }

  @Test
  void theEarliestOfSeveralStopsWins() {
    StopStrings s = new StopStrings(List.of("\n\n", "B"));
    assertThat(s.offer("aBc\n\nd")).isEqualTo("a");
  }

  @Test
  void withoutStopsEverythingPassesAtOnce() {
    StopStrings s = new StopStrings(List.of());
    assertThat(s.offer("abc")).isEqualTo("abc");
    assertThat(s.flush()).isEmpty();
  }
}
