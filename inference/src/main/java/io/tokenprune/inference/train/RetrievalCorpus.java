package io.tokenprune.inference.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates retrieval sequences of an exact token length: pseudo-English filler ({@link
 * FillerWriter}) with facts ({@link Facts}) inserted at chosen depths, then questions whose answers
 * must be copied from the document. Everything depends only on the random generator passed in, so a
 * seeded generator gives the same sequence on every run.
 */
public final class RetrievalCorpus {
  /** What separates the document from a question, as the reducer's default prompt template. */
  public static final String QUESTION_PREFIX = "\n\n";

  /** Questions after a training document at most, unless the objective says otherwise. */
  public static final int DEFAULT_MAX_QUESTIONS = 3;

  private final CorpusTokenizer tokenizer;
  private final WordLists words;

  public RetrievalCorpus(CorpusTokenizer tokenizer, WordLists words) {
    this.tokenizer = tokenizer;
    this.words = words;
  }

  public CorpusTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * A training sequence of exactly {@code length} tokens: one to three questions about facts at
   * uniformly random depths, among distractors.
   */
  public RetrievalSample training(int length, SplittableRandom random) {
    return training(length, DEFAULT_MAX_QUESTIONS, random);
  }

  /** As {@link #training(int, SplittableRandom)} with up to {@code maxQuestions} questions. */
  public RetrievalSample training(int length, int maxQuestions, SplittableRandom random) {
    Facts facts = new Facts(words, random);
    // about 40 tokens per question and fact pair: at most a third of the sequence
    int questions = 1 + random.nextInt(Math.max(1, Math.min(maxQuestions, length / 120)));
    List<Fact> asked = new ArrayList<>();
    List<Fact> all = new ArrayList<>();
    for (int q = 0; q < questions; q++) {
      Fact f = facts.next(facts.randomKind());
      asked.add(f);
      all.add(f);
      if (f.kind() == FactKind.CODE && random.nextBoolean()) {
        all.add(facts.codeLike(f));
      }
    }
    all.addAll(facts.distractors(random.nextInt(1 + Math.min(4, length / 100))));
    double[] depths = new double[all.size()];
    for (int i = 0; i < depths.length; i++) {
      depths[i] = random.nextDouble();
    }
    return build(length, false, asked, all, depths, random);
  }

  /**
   * A needle-test prompt of exactly {@code promptLength} tokens (BOS, document, question part), the
   * asked fact at {@code depth} of the document and two to four distractors elsewhere; the answer
   * and EOS follow in {@link RetrievalSample#tokens()}.
   *
   * @param depth in [0, 1]: 0 puts the fact first, 1 last before the question
   */
  public RetrievalSample needle(
      int promptLength, double depth, FactKind kind, SplittableRandom random) {
    if (!(depth >= 0 && depth <= 1)) {
      throw new IllegalArgumentException("depth must be in [0, 1], got " + depth);
    }
    Facts facts = new Facts(words, random);
    Fact needle = facts.next(kind);
    List<Fact> all = new ArrayList<>(List.of(needle));
    if (kind == FactKind.CODE) {
      all.add(facts.codeLike(needle));
    }
    all.addAll(facts.distractors(2 + random.nextInt(3) - (all.size() - 1)));
    double[] depths = new double[all.size()];
    depths[0] = depth;
    for (int i = 1; i < depths.length; i++) {
      depths[i] = random.nextDouble();
    }
    return build(promptLength, true, List.of(needle), all, depths, random);
  }

  /**
   * @param promptOnly length counts BOS, document and question part only (answer and EOS extra)
   * @param facts every fact to place; {@code depths[i]} is where facts.get(i) goes
   */
  private RetrievalSample build(
      int length,
      boolean promptOnly,
      List<Fact> asked,
      List<Fact> facts,
      double[] depths,
      SplittableRandom random) {
    int[][] questionParts = new int[asked.size()][];
    int[][] answers = new int[asked.size()][];
    int tail = 0;
    for (int q = 0; q < asked.size(); q++) {
      questionParts[q] = tokenizer.encode(QUESTION_PREFIX + asked.get(q).question());
      answers[q] = tokenizer.encode(" " + asked.get(q).reply());
      tail += questionParts[q].length + (promptOnly ? 0 : answers[q].length + 1);
    }
    int[][] factIds = new int[facts.size()][];
    int factTokens = 0;
    for (int i = 0; i < facts.size(); i++) {
      factIds[i] = tokenizer.encode(" " + facts.get(i).sentence());
      factTokens += factIds[i].length;
    }
    int fillerBudget = length - 1 - tail - factTokens;
    if (fillerBudget < 0) {
      throw new IllegalArgumentException(
          "length " + length + " is too short for " + facts.size() + " facts and the questions");
    }
    // filler: whole sentences, the first cut to its tail so the total is exact (a document reads
    // like a window into a longer text)
    FillerWriter filler = new FillerWriter(words, random);
    List<int[]> sentences = new ArrayList<>();
    int have = 0;
    while (have < fillerBudget) {
      // a quarter of the sentences repeat an earlier one word for word: continuing a repeated
      // sequence is what induction heads do, and the answers need exactly that (continue the
      // document's own words after the key), so the filler itself teaches it
      int[] s =
          !sentences.isEmpty() && random.nextInt(4) == 0
              ? sentences.get(random.nextInt(sentences.size()))
              : tokenizer.encode(" " + filler.sentence(random));
      sentences.add(s);
      have += s.length;
    }
    if (have > fillerBudget) {
      // the last sentence overshot (by less than its length): keep its tail, as the first one,
      // preferring a sentence whose tail tokenizes back to itself (a cut between words)
      int[] last = sentences.remove(sentences.size() - 1);
      int before = have - last.length;
      int[] cut = Arrays.copyOfRange(last, before + last.length - fillerBudget, last.length);
      for (int attempt = 0; attempt < 20 && !roundTrips(cut); attempt++) {
        int[] other = tokenizer.encode(" " + filler.sentence(random));
        if (before + other.length >= fillerBudget) {
          cut = Arrays.copyOfRange(other, before + other.length - fillerBudget, other.length);
        }
      }
      sentences.add(0, cut);
    }
    // facts go to the filler boundary nearest their depth; deeper facts after shallower ones
    Integer[] order = new Integer[facts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> depths[i]));
    List<int[]> pieces = new ArrayList<>();
    List<Integer> pieceFact = new ArrayList<>(); // fact index per piece, -1 for filler
    int placed = 0;
    int offset = 0;
    for (int s = 0; s <= sentences.size(); s++) {
      while (placed < order.length
          && depths[order[placed]] * fillerBudget <= offset + half(sentences, s)) {
        pieces.add(factIds[order[placed]]);
        pieceFact.add(order[placed]);
        placed++;
      }
      if (s < sentences.size()) {
        pieces.add(sentences.get(s));
        pieceFact.add(-1);
        offset += sentences.get(s).length;
      }
    }
    int total = 1 + fillerBudget + factTokens + tail;
    int[] tokens = new int[total];
    tokens[0] = tokenizer.bos();
    int at = 1;
    int[] sentenceStarts = new int[pieces.size()];
    int[][] factSpans = new int[facts.size()][];
    for (int p = 0; p < pieces.size(); p++) {
      sentenceStarts[p] = at;
      int[] piece = pieces.get(p);
      System.arraycopy(piece, 0, tokens, at, piece.length);
      if (pieceFact.get(p) >= 0) {
        factSpans[pieceFact.get(p)] = new int[] {at, at + piece.length};
      }
      at += piece.length;
    }
    int documentEnd = at;
    List<RetrievalSample.Asked> askedSpans = new ArrayList<>();
    for (int q = 0; q < asked.size(); q++) {
      int questionStart = at;
      System.arraycopy(questionParts[q], 0, tokens, at, questionParts[q].length);
      at += questionParts[q].length;
      int answerAt = at;
      if (!promptOnly) {
        System.arraycopy(answers[q], 0, tokens, at, answers[q].length);
        at += answers[q].length;
        tokens[at++] = tokenizer.eos();
      }
      Fact f = asked.get(q);
      int[] span = factSpans[facts.indexOf(f)];
      int[] key = tokenizer.encode(" " + f.key());
      int keyStart = find(tokens, span[0], span[1], key);
      int[] value = tokenizer.encode(" " + f.answer());
      int answerStart = find(tokens, span[0], span[1], value);
      askedSpans.add(
          new RetrievalSample.Asked(
              f,
              span[0],
              span[1],
              keyStart,
              keyStart + key.length,
              answerStart,
              answerStart + value.length,
              questionStart,
              answerAt,
              answers[q]));
    }
    if (promptOnly) {
      // the answer and EOS after the prompt, for scoring
      int[] answer = answers[0];
      int[] withAnswer = Arrays.copyOf(tokens, total + answer.length + 1);
      System.arraycopy(answer, 0, withAnswer, total, answer.length);
      withAnswer[total + answer.length] = tokenizer.eos();
      tokens = withAnswer;
    }
    String text = tokenizer.decode(Arrays.copyOfRange(tokens, 1, documentEnd));
    return new RetrievalSample(
        tokens, documentEnd, text, sentenceStarts, factSpans, askedSpans, depths[0]);
  }

  private boolean roundTrips(int[] ids) {
    return Arrays.equals(tokenizer.encode(tokenizer.decode(ids)), ids);
  }

  /** Offset of the middle of filler sentence s from the previous boundary (0 past the end). */
  private static int half(List<int[]> sentences, int s) {
    return s < sentences.size() ? sentences.get(s).length / 2 : Integer.MAX_VALUE / 2;
  }

  /** Start of the first occurrence of {@code needle} in tokens [from, to). */
  private static int find(int[] tokens, int from, int to, int[] needle) {
    outer:
    for (int i = from; i + needle.length <= to; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (tokens[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException(
        "tokens " + Arrays.toString(needle) + " not found in the fact sentence");
  }
}
