package io.tokenprune.inference.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Readable pseudo-English filler. Each document draws a small fresh pool of words from the full
 * lists (a few nouns, adjectives, verbs, places, names and times), and every sentence fills a
 * template from that pool, so words repeat within a document and predicting them means copying from
 * context. A prototype found that filler drawn from one fixed list, with nothing to copy, left the
 * retrieval task stuck at chance.
 */
final class FillerWriter {
  // {N} noun, {A} adjective, {V} verb, {P} place, {M} name, {T} time phrase
  private static final List<String> TEMPLATES =
      List.of(
          "The {A} {N} {V} the {N} near the {P}.",
          "{M} {V} a {A} {N} {T}.",
          "{T}, the {N} was {A} and {A}.",
          "A {A} {N} stood by the {P} while {M} {V} the {N}.",
          "{M} said that the {N} in the {P} was very {A}.",
          "Every {N} in the {P} {V} the {A} {N}.",
          "The {N} of {M} is {A}.",
          "Near the {P}, {M} found a {A} {N}.",
          "{M} and {M} {V} the {N} {T}.",
          "The {P} was {A}, so the {N} {V} the {N}.",
          "Nobody {V} the {A} {N} {T}.",
          "{M} thought the {N} looked {A}.",
          "The {A} {P} had a {N} and a {N}.",
          "{T}, {M} {V} the {A} {N} at the {P}.",
          "It is said that the {N} is {A} {T}.",
          "{M} was {A} because the {N} {V} the {N}.");

  private final List<String> nouns;
  private final List<String> adjectives;
  private final List<String> verbs;
  private final List<String> places;
  private final List<String> names;
  private final List<String> times;

  /** Draws this document's pools. */
  FillerWriter(WordLists words, SplittableRandom random) {
    nouns = pool(words.nouns(), 4 + random.nextInt(7), random);
    adjectives = pool(words.adjectives(), 3 + random.nextInt(6), random);
    verbs = pool(words.verbs(), 3 + random.nextInt(5), random);
    places = pool(words.places(), 2 + random.nextInt(4), random);
    names = pool(words.names(), 2 + random.nextInt(4), random);
    times = pool(words.times(), 2 + random.nextInt(3), random);
  }

  /** One sentence, capitalised, ending in a full stop, without a leading space. */
  String sentence(SplittableRandom random) {
    String template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
    StringBuilder out = new StringBuilder(template.length() + 32);
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        out.append(word(template.charAt(i + 1), random));
        i += 2;
      } else {
        out.append(c);
      }
    }
    out.setCharAt(0, Character.toUpperCase(out.charAt(0)));
    return out.toString();
  }

  private String word(char slot, SplittableRandom random) {
    List<String> from =
        switch (slot) {
          case 'N' -> nouns;
          case 'A' -> adjectives;
          case 'V' -> verbs;
          case 'P' -> places;
          case 'M' -> names;
          case 'T' -> times;
          default -> throw new IllegalStateException("unknown template slot {" + slot + "}");
        };
    return from.get(random.nextInt(from.size()));
  }

  /** {@code n} distinct words of the list, in random order. */
  static List<String> pool(List<String> all, int n, SplittableRandom random) {
    List<String> copy = new ArrayList<>(all);
    int take = Math.min(n, copy.size());
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(copy.size() - i);
      String t = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, t);
    }
    return List.copyOf(copy.subList(0, take));
  }
}
