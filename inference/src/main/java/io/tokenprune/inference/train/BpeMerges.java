package io.tokenprune.inference.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byte-pair-encoding training: starting from single symbols, repeatedly merge the most frequent
 * adjacent pair (weighted by word counts) into a new symbol. Ties go to the pair that sorts first,
 * so equal counts give equal merges on every run.
 */
final class BpeMerges {
  private BpeMerges() {}

  /**
   * @param wordCounts pre-tokens, each a sequence of base symbols (one char per symbol here:
   *     GPT-2's byte spelling), with their counts
   * @param newSymbols how many distinct new symbols to learn (two merges may spell the same symbol,
   *     "ab"+"c" and "a"+"bc"; the second adds a merge but no symbol); fewer when no pair occurs
   *     twice
   * @return merges in the order learned, each {left, right}
   */
  static List<String[]> learn(Map<String, Integer> wordCounts, int newSymbols) {
    if (newSymbols < 0) {
      throw new IllegalArgumentException("newSymbols must be >= 0, got " + newSymbols);
    }
    List<List<String>> words = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Map.Entry<String, Integer> e : new TreeMap<>(wordCounts).entrySet()) {
      List<String> symbols = new ArrayList<>();
      e.getKey().codePoints().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
      words.add(symbols);
      counts.add(e.getValue());
    }
    List<String[]> merges = new ArrayList<>();
    java.util.Set<String> learned = new java.util.HashSet<>();
    while (learned.size() < newSymbols) {
      Map<String, Long> pairs = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<String> s = words.get(w);
        for (int i = 0; i + 1 < s.size(); i++) {
          pairs.merge(s.get(i) + " " + s.get(i + 1), (long) counts.get(w), Long::sum);
        }
      }
      String best = null;
      long bestCount = 1;
      for (Map.Entry<String, Long> p : pairs.entrySet()) {
        long c = p.getValue();
        if (c > bestCount || (c == bestCount && best != null && p.getKey().compareTo(best) < 0)) {
          best = p.getKey();
          bestCount = c;
        }
      }
      if (best == null) {
        break;
      }
      String[] pair = best.split(" ", 2);
      merges.add(pair);
      String joined = pair[0] + pair[1];
      learned.add(joined);
      for (List<String> s : words) {
        for (int i = 0; i + 1 < s.size(); i++) {
          if (s.get(i).equals(pair[0]) && s.get(i + 1).equals(pair[1])) {
            s.set(i, joined);
            s.remove(i + 1);
          }
        }
      }
    }
    return merges;
  }
}
