package io.tokenprune.reducer.docs.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenprune.inference.checkpoint.ByteLevelTokenizer;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.text.ChatMessage;
import io.tokenprune.schemas.policy.Granularity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentSelectorTest {
  static final String DOC =
      "The archive opened at nine. Nobody came before ten! The pass key is 48213. "
          + "Remember it.\nLunch was served at noon. The weather stayed grey all day; "
          + "the café closed early. Über alles: 3.14 is not a sentence end. Done?";
  static final List<String> CHUNKS =
      List.of(DOC.substring(0, 70), DOC.substring(70, 71), DOC.substring(71));
  static final String QUESTION = "What is the pass key?";

  @TempDir static java.nio.file.Path dir;
  static ModelRuntime plain;
  static ModelRuntime chat;

  @BeforeAll
  static void load() {
    plain = TinyDocModel.load(TinyDocModel.write(dir.resolve("plain"), null));
    chat = TinyDocModel.load(TinyDocModel.write(dir.resolve("chat"), TinyDocModel.CHATML));
  }

  @AfterAll
  static void close() {
    plain.close();
    chat.close();
  }

  @Test
  void tokenSelectionEqualsANaiveScorerOverTheWholePrompt() throws Exception {
    try (DocumentSelector s = DocumentSelector.create(plain, PromptTemplate.defaults(), 0)) {
      for (int layer = 0; layer < 3; layer++) {
        Selection sel =
            s.select(CHUNKS, QUESTION, new SelectionSpec(layer, 17, 5, Granularity.TOKEN));
        // the prompt by hand: BOS, the document's bytes, "\n\n" and the question's bytes
        byte[] doc = DOC.getBytes(StandardCharsets.UTF_8);
        byte[] q = ("\n\n" + QUESTION).getBytes(StandardCharsets.UTF_8);
        int[] prompt = new int[1 + doc.length + q.length];
        prompt[0] = ByteLevelTokenizer.BOS;
        for (int i = 0; i < doc.length; i++) {
          prompt[1 + i] = doc[i] & 0xFF;
        }
        for (int i = 0; i < q.length; i++) {
          prompt[1 + doc.length + i] = q[i] & 0xFF;
        }
        int[] expected = naiveTopK(plain.filter().scores(prompt, layer), 5, 17, 1, 1 + doc.length);
        assertThat(sel.positions()).as("layer %d", layer).containsExactly(expected);
        assertThat(sel.tokenIds())
            .containsExactly(Arrays.stream(expected).map(p -> prompt[p]).toArray());
        assertThat(sel.originalLength()).isEqualTo(prompt.length);
        assertThat(sel.documentStart()).isEqualTo(1);
        assertThat(sel.documentLength()).isEqualTo(doc.length);
        assertThat(sel.filterLayer()).isEqualTo(layer);
        assertThat(sel.cacheHit()).isFalse();
      }
    }
  }

  @Test
  void theChatTemplateWrapsThePromptAsTheTokenizerWould() throws Exception {
    try (DocumentSelector s = DocumentSelector.create(chat, PromptTemplate.defaults(), 0)) {
      int[] whole =
          chat.tokenizer().encodeChat(List.of(ChatMessage.user(DOC + "\n\n" + QUESTION)), true);
      assertThat(whole[0]).isEqualTo(ByteLevelTokenizer.IM_START);
      assertThat(s.promptIds(CHUNKS, QUESTION)).containsExactly(whole);
      Selection sel = s.select(CHUNKS, QUESTION, new SelectionSpec(1, 30, 5, Granularity.TOKEN));
      assertThat(sel.originalLength()).isEqualTo(whole.length);
      assertThat(sel.documentStart()).isEqualTo(6); // <|im_start|> u s e r \n
      int[] expected =
          naiveTopK(
              chat.filter().scores(whole, 1),
              5,
              30,
              sel.documentStart(),
              sel.documentStart() + sel.documentLength());
      assertThat(sel.positions()).containsExactly(expected);
    }
  }

  @Test
  void theCacheFilledChunkByChunkEqualsRecompute() throws Exception {
    try (DocumentSelector cached =
            DocumentSelector.create(plain, PromptTemplate.defaults(), 64 << 20);
        DocumentSelector uncached = DocumentSelector.create(plain, PromptTemplate.defaults(), 0)) {
      int layer = cached.layer(OptionalInt.empty());
      assertThat(layer).isEqualTo(1); // round(0.4 * 3)
      for (int seq = 0; seq < CHUNKS.size(); seq++) {
        cached.appendChunk("doc-1", layer, seq, CHUNKS.get(seq), cached.tokenize(CHUNKS.get(seq)));
      }
      for (Granularity g : Granularity.values()) {
        SelectionSpec spec = new SelectionSpec(layer, 40, 5, g);
        Selection hit = cached.select("doc-1", CHUNKS.size(), List.of(), QUESTION, spec);
        Selection recomputed = uncached.select(CHUNKS, QUESTION, spec);
        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.timings().prefill()).isZero();
        assertThat(hit.positions()).as("%s", g).containsExactly(recomputed.positions());
        assertThat(hit.text()).isEqualTo(recomputed.text());
      }
      assertThat(cached.cache().stats().hits()).isEqualTo(2);
      assertThat(cached.cache().stats().misses()).isZero();
    }
  }

  @Test
  void aMissRecomputesFromTheChunksAndCachesTheResult() throws Exception {
    try (DocumentSelector s = DocumentSelector.create(plain, PromptTemplate.defaults(), 64 << 20);
        DocumentSelector uncached = DocumentSelector.create(plain, PromptTemplate.defaults(), 0)) {
      SelectionSpec spec = new SelectionSpec(2, 25, 5, Granularity.TOKEN);
      // chunk 0 was seen, chunk 1 was missed (say, by a restart): chunk 2 cannot grow the entry
      s.appendChunk("doc-2", 2, 0, CHUNKS.get(0), s.tokenize(CHUNKS.get(0)));
      s.appendChunk("doc-2", 2, 2, CHUNKS.get(2), s.tokenize(CHUNKS.get(2)));
      Selection miss = s.select("doc-2", 3, CHUNKS, QUESTION, spec);
      assertThat(miss.cacheHit()).isFalse();
      assertThat(miss.timings().prefill()).isPositive();
      assertThat(miss.positions())
          .containsExactly(uncached.select(CHUNKS, QUESTION, spec).positions());
      Selection again = s.select("doc-2", 3, List.of(), QUESTION, spec);
      assertThat(again.cacheHit()).isTrue();
      assertThat(again.positions()).containsExactly(miss.positions());
      assertThat(s.cache().stats())
          .extracting(CacheStats::hits, CacheStats::misses, CacheStats::entries)
          .containsExactly(1L, 1L, 1);
    }
  }

  @Test
  void anEntryTooLargeForTheCacheIsUsedOnceAndEvicted() throws Exception {
    try (DocumentSelector s = DocumentSelector.create(plain, PromptTemplate.defaults(), 1)) {
      SelectionSpec spec = new SelectionSpec(1, 10, 5, Granularity.TOKEN);
      s.appendChunk("doc-3", 1, 0, DOC, s.tokenize(DOC));
      Selection first = s.select("doc-3", 1, List.of(DOC), QUESTION, spec);
      Selection second = s.select("doc-3", 1, List.of(DOC), QUESTION, spec);
      assertThat(first.cacheHit()).isFalse();
      assertThat(second.positions()).containsExactly(first.positions());
      CacheStats stats = s.cache().stats();
      assertThat(stats.misses()).isEqualTo(2);
      assertThat(stats.evictions()).isEqualTo(3); // the chunk's entry and both recomputes
      assertThat(stats.entries()).isZero();
      assertThat(stats.bytes()).isZero();
    }
  }

  @Test
  void sentenceSelectionKeepsWholeSentencesInOrder() throws Exception {
    try (DocumentSelector s = DocumentSelector.create(plain, PromptTemplate.defaults(), 0)) {
      Selection sel = s.select(CHUNKS, QUESTION, new SelectionSpec(1, 60, 5, Granularity.SENTENCE));
      assertThat(sel.positions().length).isPositive().isLessThanOrEqualTo(60);
      int[] starts = io.tokenprune.reducer.gemfilter.SentenceBoundaries.starts(DOC);
      String rest = sel.text();
      int kept = 0;
      for (int i = 0; i < starts.length; i++) {
        String sentence =
            DOC.substring(starts[i], i + 1 < starts.length ? starts[i + 1] : DOC.length());
        if (rest.startsWith(sentence)) {
          rest = rest.substring(sentence.length());
          kept++;
        }
      }
      assertThat(rest).as("text left after matching whole sentences in order").isEmpty();
      assertThat(kept).isPositive();
    }
  }

  @Test
  void badQuestionsLayersAndLengthsAreRefusedWithReasons() throws Exception {
    try (DocumentSelector s = DocumentSelector.create(plain, PromptTemplate.defaults(), 0)) {
      SelectionSpec spec = new SelectionSpec(1, 10, 5, Granularity.TOKEN);
      assertThatThrownBy(() -> s.select(CHUNKS, " ", spec))
          .hasMessage("the question must not be empty");
      assertThatThrownBy(
              () -> s.select(CHUNKS, QUESTION, new SelectionSpec(3, 10, 5, Granularity.TOKEN)))
          .hasMessage("filterLayer 3 is not below the model's 3 layers");
      assertThatThrownBy(() -> s.select(List.of("x".repeat(1001)), QUESTION, spec))
          .hasMessageContaining("max_position_embeddings 1024");
      assertThat(s.documentRoom()).isEqualTo(1024 - 1 - 1);
    }
  }

  private static int[] naiveTopK(float[] scores, int kernel, int k, int from, int to) {
    int half = kernel / 2;
    double[] pooled = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      for (int j = i - half; j <= i + half; j++) {
        pooled[i] += j >= 0 && j < scores.length ? scores[j] : 0;
      }
      pooled[i] /= kernel;
    }
    return IntStream.range(from, to)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -pooled[i]).thenComparingInt(i -> i))
        .limit(k)
        .mapToInt(Integer::intValue)
        .sorted()
        .toArray();
  }
}
