package io.tokenprune.inference.train;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What GemFilter's selection leaves of a document, simulated so the model can learn to answer from
 * it: BOS, a sorted subset of the document's tokens, the question part, then the answer and EOS,
 * with positions renumbered 0..n-1 as the runtime's second pass gives them. The subset always holds
 * the asked fact's key and answer (a selection that lost them cannot be answered, so training on it
 * would teach guessing); its edges are jittered by a few tokens, other facts are kept now and then
 * (a real filter finds look-alikes too), and the rest of the budget is random runs of tokens (as
 * pooled top-k leaves them) or random whole sentences (SENTENCE granularity).
 *
 * @param tokens [n] BOS, selected document tokens, question part, answer, EOS
 * @param answerAt index of the answer's first token; the answer and EOS follow to the end
 */
public record CompactedView(int[] tokens, int answerAt) {
  /**
   * How often a view keeps each other fact of the document, unless the objective says otherwise.
   */
  public static final double DEFAULT_OTHER_FACTS = 0.3;

  public CompactedView {
    tokens = tokens.clone();
    if (answerAt <= 0 || answerAt >= tokens.length) {
      throw new IllegalArgumentException(
          "answerAt " + answerAt + " is outside (0, " + tokens.length + ")");
    }
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  public int length() {
    return tokens.length;
  }

  /** The prompt: everything before the answer. */
  public int[] prompt() {
    return Arrays.copyOf(tokens, answerAt);
  }

  /** The answer tokens, EOS excluded. */
  public int[] answer() {
    return Arrays.copyOfRange(tokens, answerAt, tokens.length - 1);
  }

  /**
   * @param q which question of the sample
   * @param budget document tokens to keep (fewer when the document is shorter)
   * @param sentences keep whole sentences instead of runs of tokens
   */
  public static CompactedView of(
      RetrievalSample s, int q, int budget, boolean sentences, SplittableRandom random) {
    return of(s, q, budget, sentences, DEFAULT_OTHER_FACTS, random);
  }

  /**
   * As {@link #of(RetrievalSample, int, int, boolean, SplittableRandom)}, keeping each other fact
   * with probability {@code otherFacts}, in tenths (a real selection keeps most of the document's
   * facts: the filter scores them high because they look like the asked one).
   *
   * @param otherFacts in [0, 1], rounded to tenths (so 0.3 draws exactly as views always have)
   */
  public static CompactedView of(
      RetrievalSample s,
      int q,
      int budget,
      boolean sentences,
      double otherFacts,
      SplittableRandom random) {
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be >= 1, got " + budget);
    }
    if (!(otherFacts >= 0 && otherFacts <= 1)) {
      throw new IllegalArgumentException("otherFacts must be in [0, 1], got " + otherFacts);
    }
    int otherTenths = (int) Math.round(otherFacts * 10);
    RetrievalSample.Asked a = s.asked().get(q);
    int docEnd = s.documentEnd();
    boolean[] keep = new boolean[docEnd];
    int kept = 0;
    int from = Math.max(1, Math.min(a.keyStart(), a.factStart() + random.nextInt(7) - 3));
    int to = Math.min(docEnd, Math.max(a.answerEnd(), a.factEnd() + random.nextInt(5) - 1));
    kept += mark(keep, from, to, Integer.MAX_VALUE);
    for (int[] span : s.factSpans()) {
      if (span[0] != a.factStart() && random.nextInt(10) < otherTenths) {
        kept += mark(keep, span[0], span[1], budget - kept);
      }
    }
    int[] starts = s.sentenceStarts();
    for (int guard = 0; kept < budget && kept < docEnd - 1 && guard < 100_000; guard++) {
      if (sentences) {
        int i = random.nextInt(starts.length);
        int end = i + 1 < starts.length ? starts[i + 1] : docEnd;
        kept += mark(keep, starts[i], end, budget - kept);
      } else {
        int start = 1 + random.nextInt(docEnd - 1);
        kept += mark(keep, start, Math.min(docEnd, start + 1 + random.nextInt(9)), budget - kept);
      }
    }
    return assemble(s, q, keep, kept);
  }

  /**
   * The view a real selection gives: BOS, the document tokens at {@code positions}, the question
   * part, the answer and EOS. Empty when the selection lost a token of the asked key or answer: the
   * second pass could only guess, and training on that would teach guessing.
   *
   * @param positions kept document positions, ascending, each in [1, documentEnd)
   */
  public static Optional<CompactedView> ofSelection(RetrievalSample s, int q, int[] positions) {
    RetrievalSample.Asked a = s.asked().get(q);
    int docEnd = s.documentEnd();
    boolean[] keep = new boolean[docEnd];
    int last = 0;
    for (int p : positions) {
      if (p <= last || p >= docEnd) {
        throw new IllegalArgumentException(
            "positions must ascend inside [1, " + docEnd + "), got " + p + " after " + last);
      }
      keep[p] = true;
      last = p;
    }
    for (int p = a.keyStart(); p < a.keyEnd(); p++) {
      if (!keep[p]) {
        return Optional.empty();
      }
    }
    for (int p = a.answerStart(); p < a.answerEnd(); p++) {
      if (!keep[p]) {
        return Optional.empty();
      }
    }
    return Optional.of(assemble(s, q, keep, positions.length));
  }

  /** BOS, the kept document tokens in order, the question part, the answer, EOS. */
  private static CompactedView assemble(RetrievalSample s, int q, boolean[] keep, int kept) {
    RetrievalSample.Asked a = s.asked().get(q);
    int[] tokens = s.tokens();
    int[] question = s.questionPart(q);
    int[] answer = a.answerIds();
    int[] out = new int[1 + kept + question.length + answer.length + 1];
    int n = 0;
    out[n++] = tokens[0];
    for (int p = 1; p < keep.length; p++) {
      if (keep[p]) {
        out[n++] = tokens[p];
      }
    }
    System.arraycopy(question, 0, out, n, question.length);
    n += question.length;
    int answerAt = n;
    System.arraycopy(answer, 0, out, n, answer.length);
    n += answer.length;
    out[n] = tokens[a.answerAt() + answer.length]; // EOS: every sample closes an answer with it
    return new CompactedView(out, answerAt);
  }

  /** Marks up to {@code room} unmarked positions of [from, to); returns how many it marked. */
  private static int mark(boolean[] keep, int from, int to, int room) {
    int marked = 0;
    for (int p = from; p < to && marked < room; p++) {
      if (!keep[p]) {
        keep[p] = true;
        marked++;
      }
    }
    return marked;
  }
}
