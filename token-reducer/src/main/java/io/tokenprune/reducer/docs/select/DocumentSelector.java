package io.tokenprune.reducer.docs.select;

import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.reducer.gemfilter.SentenceBoundaries;
import io.tokenprune.reducer.gemfilter.SentenceSelection;
import io.tokenprune.reducer.gemfilter.Sentences;
import io.tokenprune.reducer.gemfilter.TokenSelection;
import io.tokenprune.schemas.policy.Granularity;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

/**
 * GemFilter selection of a document's tokens for a question, with the document's early layers
 * prefilled ahead of time when a {@link PrefixCache} is given room.
 *
 * <pre>{@code
 * try (DocumentSelector s = DocumentSelector.create(rt, PromptTemplate.defaults(), 256 << 20)) {
 *   Selection sel = s.select(List.of(documentText), "What is the pass key?", spec);
 * }
 * }</pre>
 *
 * <p>Only the document's tokens are candidates: the template head and the question part are scored
 * (the question's last token does the scoring, and pooling runs over the whole prompt, as in the
 * reference) but never selected, since the reference's top-k over the whole prompt would spend the
 * budget on template and question tokens that a backend adds back anyway. A backend therefore wraps
 * the selected tokens (or text) with its own template and the question.
 *
 * <p>Streaming use: {@link #tokenize} each chunk as it arrives, {@link #appendChunk} it (the cache
 * entry for that document and layer grows), then {@link #select(String, int, List, String,
 * SelectionSpec)} answers questions from the cache, or recomputes from the chunks on a miss.
 * Thread-safe; one instance serves every stream thread of a reducer. The runtime stays the
 * caller's; closing this frees the tokenizer and the cache.
 */
public final class DocumentSelector implements AutoCloseable {
  private final ModelRuntime runtime;
  private final DocumentTokenizer tokenizer;
  private final PrefixCache cache;
  private final int[] headIds;
  private final PromptTemplate.Layout layout;

  DocumentSelector(
      ModelRuntime runtime,
      DocumentTokenizer tokenizer,
      PromptTemplate template,
      PrefixCache cache) {
    this.runtime = runtime;
    this.tokenizer = tokenizer;
    this.cache = cache;
    this.layout = template.layout(tokenizer.chatTemplate());
    this.headIds = tokenizer.encode(layout.head(), layout.plain());
  }

  /**
   * @param cacheBytes the prefix cache's bound; 0 for none (every question runs the whole prompt)
   */
  public static DocumentSelector create(
      ModelRuntime runtime, PromptTemplate template, long cacheBytes) throws IOException {
    PrefixCache cache = new PrefixCache(cacheBytes);
    DocumentTokenizer tokenizer =
        DocumentTokenizer.load(
            runtime.dir(),
            runtime.hasTokenizer()
                ? runtime.tokenizer().chatTemplate()
                : java.util.Optional.empty());
    return new DocumentSelector(runtime, tokenizer, template, cache);
  }

  public ModelRuntime runtime() {
    return runtime;
  }

  public PrefixCache cache() {
    return cache;
  }

  /** The template head's tokens: where the document starts in the prompt. */
  public int headLength() {
    return headIds.length;
  }

  /** Most document tokens the model's context can hold with the head and a one-token question. */
  public int documentRoom() {
    return Math.max(0, runtime.config().maxPositionEmbeddings() - headIds.length - 1);
  }

  /**
   * The policy's filter layer, or the model's default of round(0.4 x layers) (13 of 32 for
   * Llama-3.1-8B, as in the GemFilter paper).
   *
   * @throws IllegalArgumentException when the layer is not below the model's layer count
   */
  public int layer(OptionalInt policyLayer) {
    int layers = runtime.config().numLayers();
    int l =
        policyLayer.isPresent()
            ? policyLayer.getAsInt()
            : Math.min(layers - 1, (int) Math.round(0.4 * layers));
    if (l < 0 || l >= layers) {
      throw new IllegalArgumentException(
          "filterLayer " + l + " is not below the model's " + layers + " layers");
    }
    return l;
  }

  /** A chunk's tokens, as the document path counts and prefills them. */
  public TokenizedText tokenize(String chunkText) {
    return tokenizer.tokenize(chunkText);
  }

  /**
   * Prefills chunk {@code seq} of a document at a layer, growing its cache entry: chunk 0 starts an
   * entry, chunk n grows one that holds chunks 0..n-1, and anything else (the entry was evicted, or
   * this instance restarted mid-document) is left to recompute at question time.
   */
  public void appendChunk(
      String docId, int layer, int seq, String chunkText, TokenizedText tokens) {
    if (cache.maxBytes() == 0) {
      return;
    }
    PrefixCache.Key key = new PrefixCache.Key(docId, layer);
    try (PrefixCache.Lease lease = seq == 0 ? null : cache.forChunk(key)) {
      if (seq == 0) {
        try (PrefixCache.Lease fresh = cache.put(key, start(layer, 0))) {
          grow(key, fresh, chunkText, tokens);
        }
      } else if (lease != null && lease.document().chunks() == seq) {
        grow(key, lease, chunkText, tokens);
      }
    }
  }

  private void grow(
      PrefixCache.Key key, PrefixCache.Lease lease, String chunkText, TokenizedText tokens) {
    try {
      lease.document().append(chunkText, tokens);
    } catch (RuntimeException e) {
      cache.removeDocument(key.docId()); // possibly half-appended: never answer from it
      throw e;
    }
    cache.resized(key, lease);
  }

  /** Drops a document's cache entries (it was rejected). */
  public void forget(String docId) {
    cache.removeDocument(docId);
  }

  /**
   * The whole prompt as the selection scores it: head, each chunk tokenized on its own, then the
   * question part. For comparisons (a full prefill of the same prompt) and for a backend that wraps
   * selected tokens the same way.
   */
  public int[] promptIds(List<String> chunks, String question) {
    return concat(headIds, tokenizeAll(chunks).ids(), questionIds(question));
  }

  private int[] questionIds(String question) {
    return tokenizer.encode(layout.beforeQuestion() + question + layout.afterQuestion(), false);
  }

  /** Offline selection over a document given as its chunks, without the cache. */
  public Selection select(List<String> chunks, String question, SelectionSpec spec) {
    return select(null, chunks.size(), chunks, question, spec);
  }

  /**
   * Selects the tokens of document {@code docId} that the question's last token attends to most at
   * the spec's layer.
   *
   * @param docId the cache key, or null to bypass the cache
   * @param chunkCount how many chunks the complete document has
   * @param chunks its chunk texts in order, read only on a cache miss
   * @throws IllegalArgumentException for an empty question, a layer the model lacks, or a prompt
   *     longer than the model's context
   */
  public Selection select(
      String docId, int chunkCount, Iterable<String> chunks, String question, SelectionSpec spec) {
    long t0 = System.nanoTime();
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("the question must not be empty");
    }
    int layer = layer(OptionalInt.of(spec.layer()));
    int[] questionIds = questionIds(question);
    long tokenize = System.nanoTime() - t0;
    long prefill = 0;
    boolean hit = false;
    float[] scores;
    DocumentText text;
    long scoreStart;
    if (docId == null || cache.maxBytes() == 0) {
      long t = System.nanoTime();
      text = tokenizeAll(chunks);
      tokenize += System.nanoTime() - t;
      scoreStart = System.nanoTime();
      scores = runtime.filter().scores(concat(headIds, text.ids(), questionIds), layer);
    } else {
      PrefixCache.Key key = new PrefixCache.Key(docId, layer);
      PrefixCache.Lease lease = cache.forQuestion(key, chunkCount);
      hit = lease != null;
      if (lease == null) {
        long t = System.nanoTime();
        DocumentText fresh = tokenizeAll(chunks);
        tokenize += System.nanoTime() - t;
        t = System.nanoTime();
        lease = cache.put(key, prefilled(layer, fresh));
        prefill = System.nanoTime() - t;
      }
      try (PrefixCache.Lease held = lease) {
        text = held.document().text();
        scoreStart = System.nanoTime();
        scores = held.document().prefix().scores(questionIds);
      }
    }
    long selectStart = System.nanoTime();
    int[] positions = choose(scores, text, spec);
    int[] ids = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      ids[i] = text.id(positions[i] - headIds.length);
    }
    String decoded = tokenizer.decode(ids);
    long end = System.nanoTime();
    return new Selection(
        ids,
        positions,
        scores.length,
        headIds.length,
        text.length(),
        layer,
        decoded,
        hit,
        new Selection.Timings(
            tokenize, prefill, selectStart - scoreStart, end - selectStart, end - t0));
  }

  private int[] choose(float[] scores, DocumentText text, SelectionSpec spec) {
    int from = headIds.length;
    int to = from + text.length();
    if (spec.granularity() == Granularity.SENTENCE) {
      Sentences sentences =
          Sentences.fromCharOffsets(
              SentenceBoundaries.starts(text.text()), text.charStarts(), from);
      return SentenceSelection.select(scores, spec.poolKernel(), sentences, spec.topK());
    }
    return TokenSelection.select(scores, spec.poolKernel(), spec.topK(), from, to);
  }

  private DocumentText tokenizeAll(Iterable<String> chunks) {
    DocumentText text = new DocumentText();
    for (String c : chunks) {
      text.append(c, tokenizer.tokenize(c));
    }
    return text;
  }

  /** A cache entry with the head prefilled, reserving KV room for {@code documentTokens} more. */
  private CachedDocument start(int layer, int documentTokens) {
    DocumentPrefix prefix =
        new DocumentPrefix(runtime.model(), layer, runtime.runtimeConfig().prefillChunk());
    try {
      if (documentTokens > 0) {
        prefix.reserve(headIds.length + documentTokens);
      }
      return new CachedDocument(prefix, headIds);
    } catch (RuntimeException e) {
      prefix.close();
      throw e;
    }
  }

  /** A whole document prefilled at once (a cache miss). */
  private CachedDocument prefilled(int layer, DocumentText text) {
    CachedDocument doc = start(layer, text.length());
    try {
      doc.appendAll(text);
      return doc;
    } catch (RuntimeException e) {
      doc.close();
      throw e;
    }
  }

  private static int[] concat(int[] a, int[] b, int[] c) {
    int[] out = new int[a.length + b.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }

  @Override
  public void close() {
    cache.close();
    tokenizer.close();
  }
}
