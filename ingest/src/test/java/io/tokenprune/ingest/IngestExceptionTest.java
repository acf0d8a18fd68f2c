package io.tokenprune.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class IngestExceptionTest {
  @Test
  void messagesAreOneLine() {
    IngestException e =
        new IngestException(
            IngestException.Reason.UNDECODABLE, "cannot decode x: first\r\n  second\nthird\n");
    assertThat(e.getMessage()).isEqualTo("cannot decode x: first second third");
    assertThat(e.reason()).isEqualTo(IngestException.Reason.UNDECODABLE);
  }

  @Test
  void describeFallsBackToTheClassName() {
    assertThat(IngestException.describe(new IOException())).isEqualTo("IOException");
    assertThat(IngestException.describe(new IOException("a\nb"))).isEqualTo("a b");
  }
}
