package io.tokenprune.reducer.docs.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tokenprune.inference.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentPrefixTest {
  @TempDir static Path dir;
  static ModelRuntime rt;

  @BeforeAll
  static void load() {
    rt = TinyDocModel.load(TinyDocModel.write(dir.resolve("plain"), null));
  }

  @AfterAll
  static void close() {
    rt.close();
  }

  @Test
  void aPrefixGrownPieceByPieceScoresLikeTheWholePromptAtEveryLayer() {
    int[] doc = ids(150, 1);
    int[] question = ids(9, 2);
    int[] whole = concat(doc, question);
    for (int layer = 0; layer < 3; layer++) {
      float[] expected = rt.filter().scores(whole, layer);
      try (DocumentPrefix prefix = new DocumentPrefix(rt.model(), layer, 16)) {
        // uneven pieces: 1 token, then pieces that cross the 16-token prefill chunks
        prefix.extend(Arrays.copyOfRange(doc, 0, 1));
        prefix.extend(Arrays.copyOfRange(doc, 1, 40));
        prefix.extend(new int[0]);
        prefix.extend(Arrays.copyOfRange(doc, 40, 150));
        assertThat(prefix.length()).isEqualTo(150);
        float[] cached = prefix.scores(question);
        assertClose(cached, expected, layer);
        // the prefix is untouched: a second question, and the first again, score the same
        float[] other = prefix.scores(ids(4, 3));
        assertClose(other, rt.filter().scores(concat(doc, ids(4, 3)), layer), layer);
        assertThat(prefix.scores(question)).containsExactly(cached);
      }
    }
  }

  @Test
  void growingAfterAQuestionKeepsTheKeysInOrder() {
    int[] doc = ids(60, 4);
    int[] question = ids(5, 5);
    try (DocumentPrefix prefix = new DocumentPrefix(rt.model(), 2, 16)) {
      prefix.extend(Arrays.copyOfRange(doc, 0, 30));
      prefix.scores(question); // joins the layer-L keys of the first pieces
      long before = prefix.bytes();
      prefix.extend(Arrays.copyOfRange(doc, 30, 60));
      assertThat(prefix.bytes()).isGreaterThan(before);
      assertClose(prefix.scores(question), rt.filter().scores(concat(doc, question), 2), 2);
    }
  }

  @Test
  void refusesPromptsPastTheContextAndUseAfterClose() {
    DocumentPrefix prefix = new DocumentPrefix(rt.model(), 1, 16);
    prefix.extend(ids(1020, 6));
    assertThatThrownBy(() -> prefix.scores(ids(5, 7)))
        .hasMessage("1025 prompt tokens exceed the model's max_position_embeddings 1024");
    prefix.close();
    assertThatThrownBy(() -> prefix.scores(ids(1, 7))).hasMessage("document prefix already closed");
    assertThatThrownBy(() -> new DocumentPrefix(rt.model(), 3, 16))
        .hasMessage("filter layer 3 outside [0, 3)");
  }

  static void assertClose(float[] actual, float[] expected, int layer) {
    assertThat(actual).hasSameSizeAs(expected);
    float scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i])
          .as("layer %d, position %d", layer, i)
          .isCloseTo(expected[i], within(1e-4f * Math.max(1, scale)));
    }
  }

  static int[] ids(int n, long seed) {
    return new Random(seed).ints(n, 0, 256).toArray();
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
