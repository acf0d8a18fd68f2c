package io.tokenprune.deploy.eval;

import io.tokenprune.inference.train.CorpusTokenizer;
import io.tokenprune.inference.train.RetrievalSample;
import io.tokenprune.reducer.gemfilter.SentenceBoundaries;
import io.tokenprune.reducer.gemfilter.SentenceSelection;
import io.tokenprune.reducer.gemfilter.Sentences;
import io.tokenprune.reducer.gemfilter.TokenSelection;
import io.tokenprune.schemas.policy.Granularity;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The document positions each method keeps of a needle prompt, and the second-pass prompt built
 * from them: BOS, the kept document tokens in order, then the question part, with positions
 * renumbered from 0 (what the gateway's pass 2 sends). GemFilter's choice is made by the reducer's
 * own selection code ({@link TokenSelection}, {@link SentenceSelection}), with the document's
 * sentences found in its text as the reducer finds them.
 */
final class DocumentCuts {
  static final int POOL_KERNEL = 5;

  private final RetrievalSample sample;
  private final Sentences sentences;

  DocumentCuts(RetrievalSample sample, CorpusTokenizer tokenizer, Map<Integer, Integer> widths) {
    this.sample = sample;
    int[] tokens = sample.tokens();
    int[] charStarts = new int[sample.documentLength()];
    int at = 0;
    for (int p = 1; p < sample.documentEnd(); p++) {
      charStarts[p - 1] = at;
      // the corpus is ASCII, so a token's text is its width in chars wherever it stands
      at += widths.computeIfAbsent(tokens[p], id -> tokenizer.decode(new int[] {id}).length());
    }
    if (at != sample.documentText().length()) {
      throw new IllegalStateException(
          "token widths sum to " + at + " chars, the text has " + sample.documentText().length());
    }
    this.sentences =
        Sentences.fromCharOffsets(SentenceBoundaries.starts(sample.documentText()), charStarts, 1);
  }

  static Map<Integer, Integer> widthCache() {
    return new HashMap<>();
  }

  /** GemFilter's kept positions for the scores of one layer. */
  int[] gemFilter(float[] scores, int k, Granularity granularity) {
    return granularity == Granularity.SENTENCE
        ? SentenceSelection.select(scores, POOL_KERNEL, sentences, k)
        : TokenSelection.select(scores, POOL_KERNEL, k, 1, sample.documentEnd());
  }

  /** The last k document positions. */
  int[] recency(int k) {
    int from = Math.max(1, sample.documentEnd() - k);
    int[] out = new int[sample.documentEnd() - from];
    Arrays.setAll(out, i -> from + i);
    return out;
  }

  /** k document positions drawn without replacement, ascending. */
  int[] random(int k, SplittableRandom random) {
    int n = sample.documentLength();
    int[] all = new int[n];
    Arrays.setAll(all, i -> 1 + i);
    int take = Math.min(k, n);
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] out = Arrays.copyOf(all, take);
    Arrays.sort(out);
    return out;
  }

  /** BOS, the tokens at the kept positions, then the question part. */
  int[] secondPass(int[] positions) {
    return secondPass(sample, positions);
  }

  static int[] secondPass(RetrievalSample sample, int[] positions) {
    int[] tokens = sample.tokens();
    int[] question = sample.questionPart(0);
    int[] out = new int[1 + positions.length + question.length];
    out[0] = tokens[0];
    for (int i = 0; i < positions.length; i++) {
      out[1 + i] = tokens[positions[i]];
    }
    System.arraycopy(question, 0, out, 1 + positions.length, question.length);
    return out;
  }
}
