package io.tokenprune.inference.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenprune.inference.checkpoint.ByteLevelTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns the demo model's tokenizer on the corpus and writes it as a Hugging Face {@code
 * tokenizer.json}: the byte-level base of {@link ByteLevelTokenizer} (ids 0..255 are bytes,
 * 256..259 its special tokens, so any UTF-8 text still round-trips) plus BPE merges from id 260 on,
 * learned on generated documents and questions. Digits are split one per token before the
 * byte-level split, so a number is always copied digit by digit. The corpus words become one or two
 * tokens, which makes a 4096-token document about 3,000 words long.
 */
public final class CorpusTokenizerBuilder {
  // GPT-2's pre-tokenizer pattern, as the ByteLevel pre-tokenizer applies it
  private static final Pattern PRE_TOKEN =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private CorpusTokenizerBuilder() {}

  /**
   * Writes tokenizer.json into {@code dir} and returns its path.
   *
   * @param vocabSize total ids, bytes and special tokens included (> 260)
   */
  public static Path write(Path dir, WordLists words, int vocabSize, long seed) throws IOException {
    if (vocabSize <= ByteLevelTokenizer.VOCAB) {
      throw new IllegalArgumentException(
          "vocabSize must exceed the "
              + ByteLevelTokenizer.VOCAB
              + " byte-level ids, got "
              + vocabSize);
    }
    ObjectNode root = (ObjectNode) JSON.readTree(ByteLevelTokenizer.tokenizerJson());
    ObjectNode model = (ObjectNode) root.get("model");
    ObjectNode vocab = (ObjectNode) model.get("vocab");
    Map<Integer, String> spelling = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      spelling.put(e.getValue().asInt(), e.getKey());
    }
    List<String[]> merges =
        BpeMerges.learn(wordCounts(words, seed, spelling), vocabSize - ByteLevelTokenizer.VOCAB);
    // The special tokens also go into the model's vocabulary, keeping its ids dense (0..n-1):
    // with a gap at 256..259 the native decoder drops the last four ids.
    for (JsonNode added : root.get("added_tokens")) {
      vocab.put(added.get("content").asText(), added.get("id").asInt());
    }
    ArrayNode mergeList = model.putArray("merges");
    int next = ByteLevelTokenizer.VOCAB;
    for (String[] m : merges) {
      mergeList.add(m[0] + " " + m[1]);
      if (!vocab.has(m[0] + m[1])) {
        vocab.put(m[0] + m[1], next++);
      }
    }
    ObjectNode sequence = JSON.createObjectNode();
    sequence.put("type", "Sequence");
    ArrayNode steps = sequence.putArray("pretokenizers");
    steps.addObject().put("type", "Digits").put("individual_digits", true);
    steps.add(root.get("pre_tokenizer"));
    root.set("pre_tokenizer", sequence);
    Files.createDirectories(dir);
    Path out = dir.resolve("tokenizer.json");
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return out;
  }

  /** Pre-token counts, in byte spelling, over generated documents and questions (no digits). */
  private static Map<String, Integer> wordCounts(
      WordLists words, long seed, Map<Integer, String> spelling) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(1 << 20);
    for (int doc = 0; doc < 300; doc++) {
      FillerWriter filler = new FillerWriter(words, random);
      Facts facts = new Facts(words, random);
      List<Fact> some = facts.distractors(4);
      for (int s = 0; s < 30; s++) {
        text.append(s == 0 ? "" : " ").append(filler.sentence(random));
        if (s % 8 == 3) {
          text.append(' ').append(some.get(s / 8).sentence());
        }
      }
      for (Fact f : some) {
        text.append(RetrievalCorpus.QUESTION_PREFIX).append(f.question()).append(' ');
        text.append(f.answer()).append('\n');
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    Matcher m = PRE_TOKEN.matcher(text);
    while (m.find()) {
      String piece = m.group();
      if (piece.chars().anyMatch(Character::isDigit)) {
        continue; // digits are single tokens
      }
      StringBuilder spelled = new StringBuilder();
      for (byte b : piece.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
        spelled.append(spelling.get(b & 0xff));
      }
      counts.merge(spelled.toString(), 1, Integer::sum);
    }
    return counts;
  }
}
