package io.tokenprune.inference.train;

import java.util.Arrays;
import java.util.List;

/**
 * One generated sequence: BOS, a document, then for each question the question part ({@code "\n\n"
 * + question}), the reply ({@code " " + reply}, the fact restated) and EOS. The document's text
 * starts with a space (every sentence carries its leading space), so tokenizing {@link
 * #documentText} alone gives exactly the document's ids.
 *
 * @param tokens [n] the whole sequence
 * @param documentEnd the document is tokens [1, documentEnd)
 * @param documentText the document as text
 * @param sentenceStarts ascending token indices (in {@code tokens}) where document sentences start,
 *     the first being 1
 * @param factSpans [f][2] token ranges of every fact sentence, distractors included
 * @param asked the questions, in order
 * @param depth where the first asked fact sits, as a fraction of the document
 */
public record RetrievalSample(
    int[] tokens,
    int documentEnd,
    String documentText,
    int[] sentenceStarts,
    int[][] factSpans,
    List<Asked> asked,
    double depth) {

  /**
   * One question and where its answer is.
   *
   * @param factStart the asked fact sentence is tokens [factStart, factEnd)
   * @param keyStart the key's tokens ("blue door") are [keyStart, keyEnd), inside the fact
   * @param answerStart the value's tokens ({@code " " + answer}) in the document are [answerStart,
   *     answerEnd)
   * @param questionStart the question part starts here in {@code tokens}
   * @param answerAt the reply's first token in {@code tokens}; the question part ends just before
   * @param answerIds the reply's tokens ({@code " " + reply}), EOS not included
   */
  public record Asked(
      Fact fact,
      int factStart,
      int factEnd,
      int keyStart,
      int keyEnd,
      int answerStart,
      int answerEnd,
      int questionStart,
      int answerAt,
      int[] answerIds) {

    /** The last token of the question part: the query that the filter scores with. */
    public int queryIndex() {
      return answerAt - 1;
    }
  }

  public RetrievalSample {
    tokens = tokens.clone();
    sentenceStarts = sentenceStarts.clone();
    asked = List.copyOf(asked);
    if (asked.isEmpty()) {
      throw new IllegalArgumentException("a sample asks at least one question");
    }
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  /** Document tokens, BOS excluded. */
  public int documentLength() {
    return documentEnd - 1;
  }

  /** BOS, the document and question q's part: what a model reads before answering it. */
  public int[] prompt(int q) {
    Asked a = asked.get(q);
    int part = a.answerAt() - a.questionStart();
    int[] out = Arrays.copyOf(tokens, documentEnd + part);
    System.arraycopy(tokens, a.questionStart(), out, documentEnd, part);
    return out;
  }

  /** Question q's part ({@code "\n\n" + question}) as tokens. */
  public int[] questionPart(int q) {
    Asked a = asked.get(q);
    return Arrays.copyOfRange(tokens, a.questionStart(), a.answerAt());
  }
}
