package io.tokenprune.inference.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus's vocabulary by category, read from the bundled {@code words.txt} (written for this
 * project). Words of the {@code time} category are phrases, separated by {@code |}. Immutable.
 */
public record WordLists(
    List<String> nouns,
    List<String> adjectives,
    List<String> verbs,
    List<String> places,
    List<String> names,
    List<String> times,
    List<String> colours,
    List<String> objects,
    List<String> towns) {

  public WordLists {
    nouns = nonEmpty("noun", nouns);
    adjectives = nonEmpty("adjective", adjectives);
    verbs = nonEmpty("verb", verbs);
    places = nonEmpty("place", places);
    names = nonEmpty("name", names);
    times = nonEmpty("time", times);
    colours = nonEmpty("colour", colours);
    objects = nonEmpty("object", objects);
    towns = nonEmpty("town", towns);
  }

  /** The lists shipped with the trainer. */
  public static WordLists bundled() {
    try (InputStream in = WordLists.class.getResourceAsStream("words.txt")) {
      if (in == null) {
        throw new IllegalStateException("words.txt is missing from the classpath");
      }
      Map<String, List<String>> byCategory = new HashMap<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        String category = line.substring(0, colon).strip();
        String body = line.substring(colon + 1).strip();
        String separator = body.contains("|") ? "\\|" : "\\s+";
        byCategory.put(category, Arrays.stream(body.split(separator)).map(String::strip).toList());
      }
      return new WordLists(
          byCategory.get("noun"),
          byCategory.get("adjective"),
          byCategory.get("verb"),
          byCategory.get("place"),
          byCategory.get("name"),
          byCategory.get("time"),
          byCategory.get("colour"),
          byCategory.get("object"),
          byCategory.get("town"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> nonEmpty(String category, List<String> words) {
    if (words == null || words.isEmpty()) {
      throw new IllegalArgumentException("word category '" + category + "' is missing or empty");
    }
    return List.copyOf(words);
  }
}
