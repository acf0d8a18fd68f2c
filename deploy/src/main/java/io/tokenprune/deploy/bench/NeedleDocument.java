package io.tokenprune.deploy.bench;

import io.tokenprune.inference.train.WordLists;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * A pass-key document: filler sentences in the bundled model's vocabulary (the trainer's word
 * lists; the sentence patterns here are our own) with "The pass key is NNNNN. Remember it." at a
 * chosen depth, sized to about a target number of tokens. The pass-key sentence is the trainer's,
 * so the bundled model meets the needle in the form it learned.
 *
 * @param text the document
 * @param passKey the five digits
 * @param passKeyStart char offset of the digits in text
 */
public record NeedleDocument(String text, String passKey, int passKeyStart) {
  public static final String QUESTION = "What is the pass key?";

  private static final String[] PATTERNS = {
    "%M% %V% the %A% %N% at the %P%.",
    "The %N% near the %P% looked %A% %T%.",
    "%T%, %M% %V% a %N% and a %N%.",
    "In the %P%, the %A% %N% was next to the %N%.",
    "%M% remembered the %A% %N% from the %P%.",
    "Someone %V% the %N% %T%, and %M% saw it.",
  };

  /**
   * @param targetTokens about how many tokens the document should have
   * @param depth where the pass key goes, 0 (first) to 1 (last)
   * @param tokens counts the tokens of a piece of text, as the model's tokenizer would
   */
  public static NeedleDocument build(
      int targetTokens, double depth, long seed, ToIntFunction<String> tokens) {
    if (targetTokens < 16 || !(depth >= 0 && depth <= 1)) {
      throw new IllegalArgumentException(
          "need targetTokens >= 16 and depth in [0, 1], got " + targetTokens + ", " + depth);
    }
    SplittableRandom random = new SplittableRandom(seed);
    WordLists words = WordLists.bundled();
    String passKey = Integer.toString(10_000 + random.nextInt(90_000));
    String needle = "The pass key is " + passKey + ". Remember it.";
    int budget = targetTokens - tokens.applyAsInt(" " + needle);
    List<String> filler = new ArrayList<>();
    // sentences are tokenized one at a time, with the space that joins them: BPE pre-tokenizes at
    // spaces, so the sum is the document's count up to a token or two
    for (int used = 0; ; ) {
      String s = " " + sentence(words, random);
      int n = tokens.applyAsInt(s);
      if (used + n > budget) {
        break;
      }
      filler.add(s);
      used += n;
    }
    int at = (int) Math.round(depth * filler.size());
    filler.add(at, " " + needle);
    StringBuilder text = new StringBuilder();
    int passKeyStart = -1;
    for (int i = 0; i < filler.size(); i++) {
      String s = i == 0 ? filler.get(i).substring(1) : filler.get(i);
      if (i == at) {
        passKeyStart = text.length() + s.indexOf(passKey);
      }
      text.append(s);
    }
    return new NeedleDocument(text.toString(), passKey, passKeyStart);
  }

  private static String sentence(WordLists w, SplittableRandom r) {
    String p = PATTERNS[r.nextInt(PATTERNS.length)];
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      if (p.charAt(i) == '%') {
        List<String> list =
            switch (p.charAt(i + 1)) {
              case 'M' -> w.names();
              case 'V' -> w.verbs();
              case 'A' -> w.adjectives();
              case 'N' -> w.nouns();
              case 'P' -> w.places();
              default -> w.times();
            };
        out.append(list.get(r.nextInt(list.size())));
        i += 2;
      } else {
        out.append(p.charAt(i));
      }
    }
    out.setCharAt(0, Character.toUpperCase(out.charAt(0)));
    return out.toString();
  }
}
