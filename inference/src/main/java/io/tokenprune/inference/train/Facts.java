package io.tokenprune.inference.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the facts of one document: those a question will ask about, and distractors of the same
 * shapes with other keys (a coded fact often shares the colour or the object of another), so that
 * answering needs the whole key, not just any number in the text.
 */
final class Facts {
  private final WordLists words;
  private final SplittableRandom random;
  private final Set<String> usedKeys = new HashSet<>();
  private boolean passKeyUsed;

  Facts(WordLists words, SplittableRandom random) {
    this.words = words;
    this.random = random;
  }

  /** A fact of the kind with a key no earlier fact of this document has. */
  Fact next(FactKind kind) {
    return switch (kind) {
      case PASS_KEY -> passKey();
      case CODE -> code();
      case MAGIC_WORD -> magicWord();
    };
  }

  /** A kind for a distractor or a question: pass keys only while none was drawn. */
  FactKind randomKind() {
    int n = passKeyUsed ? 2 : 3;
    return switch (random.nextInt(n)) {
      case 0 -> FactKind.CODE;
      case 1 -> FactKind.MAGIC_WORD;
      default -> FactKind.PASS_KEY;
    };
  }

  /** {@code n} distractors of random kinds (no second pass key). */
  List<Fact> distractors(int n) {
    List<Fact> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(next(randomKind()));
    }
    return out;
  }

  private Fact passKey() {
    if (passKeyUsed) {
      throw new IllegalStateException("a document holds one pass key at most");
    }
    passKeyUsed = true;
    String digits = Integer.toString(10_000 + random.nextInt(90_000));
    return new Fact(
        FactKind.PASS_KEY,
        "pass key",
        "The pass key is " + digits + ". Remember it.",
        "What is the pass key?",
        digits,
        "The pass key is " + digits + ".");
  }

  private Fact code() {
    String key;
    do {
      key = pick(words.colours()) + " " + pick(words.objects());
    } while (!usedKeys.add(key));
    String digits = Integer.toString(1_000 + random.nextInt(9_000));
    return new Fact(
        FactKind.CODE,
        key,
        "The code for the " + key + " is " + digits + ".",
        "What is the code for the " + key + "?",
        digits,
        "The code for the " + key + " is " + digits + ".");
  }

  private Fact magicWord() {
    String town;
    do {
      town = pick(words.towns());
    } while (!usedKeys.add(town));
    String word = pick(words.nouns());
    return new Fact(
        FactKind.MAGIC_WORD,
        town,
        "The magic word for " + town + " is " + word + ".",
        "What is the magic word for " + town + "?",
        word,
        "The magic word for " + town + " is " + word + ".");
  }

  /**
   * A coded fact sharing the colour or the object of {@code like}, when one is free: the hardest
   * distractor.
   */
  Fact codeLike(Fact like) {
    String[] parts = like.key().split(" ");
    for (int attempt = 0; attempt < 20; attempt++) {
      String key =
          random.nextBoolean()
              ? parts[0] + " " + pick(words.objects())
              : pick(words.colours()) + " " + parts[1];
      if (usedKeys.add(key)) {
        String digits = Integer.toString(1_000 + random.nextInt(9_000));
        return new Fact(
            FactKind.CODE,
            key,
            "The code for the " + key + " is " + digits + ".",
            "What is the code for the " + key + "?",
            digits,
            "The code for the " + key + " is " + digits + ".");
      }
    }
    return code();
  }

  private String pick(List<String> list) {
    return list.get(random.nextInt(list.size()));
  }
}
