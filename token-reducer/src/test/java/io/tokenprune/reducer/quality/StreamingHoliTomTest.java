package io.tokenprune.reducer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenprune.reducer.holitom.CompressedSegment;
import io.tokenprune.reducer.holitom.HoliTom;
import io.tokenprune.reducer.holitom.HoliTomParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingHoliTomTest {
  private static final HoliTomParams P = HoliTomParams.defaults();

  @Test
  void segmentsCoverEveryFrameOnceInOrderAndRespectMaxWindow() {
    Clips clip = new Clips(1, 150, 16, 8, 3, 45);
    List<StreamingHoliTom.EmittedSegment> out =
        StreamingHoliTom.run(clip.frames, clip.saliency, 16, 8, P, 32);
    int next = 0;
    for (StreamingHoliTom.EmittedSegment s : out) {
      assertThat(s.firstFrame()).isEqualTo(next);
      assertThat(s.length()).isBetween(1, P.maxWindow());
      assertThat(s.segment().originalTokenCount()).isEqualTo(s.length() * 16);
      next += s.length();
    }
    assertThat(next).isEqualTo(150);
    // Scene cuts at 45, 90 and 135 end segments.
    assertThat(out).noneMatch(s -> crosses(s, 45) || crosses(s, 90) || crosses(s, 135));
  }

  @Test
  void aClipThatFitsOneWindowIsReducedExactlyAsOneWindow() {
    Clips clip = new Clips(2, 20, 16, 8, 3, 100);
    List<StreamingHoliTom.EmittedSegment> streamed =
        StreamingHoliTom.run(clip.frames, clip.saliency, 16, 8, P, 32);
    List<CompressedSegment> whole = HoliTom.reduce(clip.frames, clip.saliency, 16, 8, P);
    assertThat(streamed).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(streamed.get(i).segment().tokens()).isEqualTo(whole.get(i).tokens());
      assertThat(streamed.get(i).segment().patchIndices()).isEqualTo(whole.get(i).patchIndices());
    }
  }

  @Test
  void theCarriedSegmentContinuesIntoTheNextWindow() {
    // A 40-frame static scene, windows of 16: carrying the last segment lets segments grow past
    // window borders (up to maxWindow), which plain 16-frame chunks could never do.
    Clips clip = new Clips(3, 40, 16, 8, 0, 1000);
    HoliTomParams p = new HoliTomParams(0.1, 0.8, 0.6, 7, 24);
    List<StreamingHoliTom.EmittedSegment> out =
        StreamingHoliTom.run(clip.frames, clip.saliency, 16, 8, p, 16);
    assertThat(out).extracting(StreamingHoliTom.EmittedSegment::length).containsExactly(24, 16);
  }

  private static boolean crosses(StreamingHoliTom.EmittedSegment s, int cut) {
    return s.firstFrame() < cut && s.firstFrame() + s.length() - 1 >= cut;
  }
}
