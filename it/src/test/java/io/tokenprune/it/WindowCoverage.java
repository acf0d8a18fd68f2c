package io.tokenprune.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.schemas.CompactSegment;
import java.util.List;
import java.util.stream.LongStream;

/** The reducer's core promise, checked on what a consumer read: each seq in exactly one segment. */
final class WindowCoverage {
  private WindowCoverage() {}

  static void assertCoversOnce(List<CompactSegment> segs, long first, long last) {
    List<Long> seqs =
        segs.stream()
            .flatMapToLong(s -> LongStream.rangeClosed(s.getFirstSeq(), s.getLastSeq()))
            .boxed()
            .toList();
    assertThat(seqs)
        .as("every seq exactly once, in order")
        .containsExactlyElementsOf(LongStream.rangeClosed(first, last).boxed().toList());
  }
}
