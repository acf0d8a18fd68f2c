package io.tokenprune.gateway.backend;

import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.docs.SelectedContext;
import io.tokenprune.gateway.video.VisualSpan;
import io.tokenprune.inference.generate.GenerationRequest;
import io.tokenprune.inference.generate.GenerationResult;
import io.tokenprune.inference.generate.Prompt;
import io.tokenprune.inference.generate.StopReason;
import io.tokenprune.inference.hooks.InnerMergeSpec;
import io.tokenprune.inference.model.ModelConfig;
import io.tokenprune.inference.model.VisionProjector;
import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.sampling.SamplingOptions;
import io.tokenprune.inference.text.ChatMessage;
import io.tokenprune.inference.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers with the inference runtime in this JVM.
 *
 * <ul>
 *   <li>Plain chat: the conversation through the model's chat template.
 *   <li>Document: GemFilter's pass 2 on the selected document tokens, wrapped as the reducer's
 *       default template wrapped the whole document when it scored them ({@link SpanPrompt}: the
 *       chat up to the last user message, the selection, then {@code "\n\n"} and the question),
 *       with positions renumbered 0..T-1 as the reference does. If the reducer selected with
 *       another model (CompactContext.modelId is its folder name), its decoded text is re-encoded
 *       instead, since the ids belong to another vocabulary.
 *   <li>Video: the compact tokens through the folder's LLaVA-style projector into embeddings at the
 *       start of the last user message, and the inner merge at the policy's layer K. A folder with
 *       no projector is refused: an adapter invented here would be untrained.
 * </ul>
 */
public final class LocalBackend implements Backend {
  private final ModelRuntime runtime;
  private final Optional<VisionProjector> projector;
  private final String modelId;
  private final String folderName;
  private final TextTokenizer tokenizer;
  private final Set<Integer> stopTokens;

  /**
   * @param projector the folder's vision projector, if it has one
   * @param modelId the id clients use; the folder name when null
   */
  public LocalBackend(ModelRuntime runtime, Optional<VisionProjector> projector, String modelId) {
    if (!runtime.hasTokenizer()) {
      throw new IllegalArgumentException(
          "model folder " + runtime.dir() + " has no tokenizer.json; the gateway needs one");
    }
    this.runtime = runtime;
    this.projector = projector;
    this.folderName = String.valueOf(runtime.dir().getFileName());
    this.modelId = modelId != null ? modelId : folderName;
    this.tokenizer = runtime.tokenizer();
    this.stopTokens = new HashSet<>(runtime.config().eosTokenIds());
  }

  /** Loads a model folder, with its projector when config.json declares one. */
  public static LocalBackend load(Path dir, RuntimeConfig config, String modelId)
      throws IOException {
    ModelRuntime rt = ModelRuntime.load(dir, config);
    try {
      Optional<VisionProjector> projector =
          VisionProjector.load(dir, rt.config(), config.device().resolve());
      return new LocalBackend(rt, projector, modelId);
    } catch (IOException | RuntimeException e) {
      rt.close();
      throw e;
    }
  }

  public ModelRuntime runtime() {
    return runtime;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public Optional<String> visualRefusal(int dim) {
    if (projector.isEmpty()) {
      return Optional.of(
          "model "
              + modelId
              + " has no vision projector (a LLaVA-style folder declares mm_hidden_size in"
              + " config.json and holds model.mm_projector.* weights), so it cannot take visual"
              + " tokens");
    }
    int dv = projector.get().inputDim();
    if (dv != dim) {
      return Optional.of(
          "the stream's tokens have dim "
              + dim
              + " but model "
              + modelId
              + "'s projector takes mm_hidden_size "
              + dv);
    }
    return Optional.empty();
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public Answer answer(Question question, GenerationParams params, TextSink sink) {
    Prompt prompt;
    Optional<InnerMergeSpec> merge = Optional.empty();
    if (question instanceof Question.Plain p) {
      prompt = Prompt.ofTokens(tokenizer.encodeChat(p.messages(), true));
    } else if (question instanceof Question.Document d) {
      prompt = documentPrompt(d.messages(), d.context());
    } else {
      Question.Video v = (Question.Video) question;
      VisualSpan span = v.visual();
      visualRefusal(span.dim())
          .ifPresent(
              reason -> {
                throw ApiException.badRequest("tokenprune.video_stream", reason);
              });
      SpanPrompt split = SpanPrompt.split(tokenizer, v.messages(), SpanPrompt.VISUAL_SEPARATOR);
      int hidden = runtime.config().hiddenSize();
      float[] embedded = projector.get().project(span.rows(), span.count());
      prompt =
          Prompt.builder()
              .tokens(split.head())
              .embeddings(embedded, span.count(), hidden)
              .tokens(split.tail())
              .build();
      checkMergeLayer(v.merge());
      merge =
          Optional.of(
              new InnerMergeSpec(
                  v.merge().layer(), v.merge().ratio(), split.head().length, span.count()));
    }
    checkLength(prompt.length());
    GenerationRequest request =
        GenerationRequest.of(prompt, sampling(params), stopTokens, params.maxTokens());
    if (merge.isPresent()) {
      request = request.withInnerMerge(merge.get());
    }
    TextDeltas deltas = new TextDeltas(tokenizer::decode);
    StopStrings stops = new StopStrings(params.stop());
    StringBuilder text = new StringBuilder();
    boolean[] clientGone = {false};
    GenerationResult result =
        runtime
            .generator()
            .generate(
                request,
                id -> {
                  String out = stops.offer(deltas.add(id));
                  if (!out.isEmpty()) {
                    text.append(out);
                    if (!sink.onText(out)) {
                      clientGone[0] = true;
                      return false;
                    }
                  }
                  return !stops.stopped();
                });
    if (!stops.stopped() && !clientGone[0]) {
      String rest = stops.offer(deltas.finish());
      rest += stops.stopped() ? "" : stops.flush();
      if (!rest.isEmpty()) {
        text.append(rest);
        sink.onText(rest);
      }
    }
    String finish =
        stops.stopped() || result.stopReason() == StopReason.STOP_TOKEN ? "stop" : "length";
    if (result.stopReason() == StopReason.CANCELLED && !stops.stopped()) {
      finish = "stop";
    }
    return new Answer(
        text.toString(),
        finish,
        result.promptTokens(),
        result.tokens().length,
        result.mergedTokens(),
        result.kvCacheLength());
  }

  private Prompt documentPrompt(List<ChatMessage> messages, SelectedContext ctx) {
    String by = ctx.modelId();
    if (by.isEmpty() || by.equals(folderName) || by.equals(modelId)) {
      SpanPrompt split = SpanPrompt.split(tokenizer, messages, SpanPrompt.DOCUMENT_SEPARATOR);
      return Prompt.builder()
          .tokens(split.head())
          .tokens(ctx.tokenIds())
          .tokens(split.tail())
          .build();
    }
    String text =
        ctx.text()
            .orElseThrow(
                () ->
                    ApiException.server(
                        "document "
                            + ctx.docId()
                            + " was selected with model "
                            + by
                            + ", this gateway runs "
                            + folderName
                            + ", and the selection carries no text to re-encode"));
    List<ChatMessage> withContext = new ArrayList<>(messages);
    ChatMessage q = withContext.remove(withContext.size() - 1);
    withContext.add(new ChatMessage(q.role(), text + SpanPrompt.DOCUMENT_SEPARATOR + q.content()));
    return Prompt.ofTokens(tokenizer.encodeChat(withContext, true));
  }

  private void checkMergeLayer(InnerMergeSettings m) {
    int layers = runtime.config().numLayers();
    if (m.layer() >= layers) {
      throw ApiException.server(
          "the policy's innerLayer "
              + m.layer()
              + " (policyVersion "
              + m.policyVersion()
              + ") must be below model "
              + modelId
              + "'s "
              + layers
              + " layers; fix it with tokenprune policy set --inner-layer");
    }
  }

  private void checkLength(int promptTokens) {
    ModelConfig c = runtime.config();
    if (promptTokens >= c.maxPositionEmbeddings()) {
      throw ApiException.badRequest(
          "messages",
          "context_length_exceeded",
          "the prompt has "
              + promptTokens
              + " tokens; model "
              + modelId
              + " takes at most "
              + (c.maxPositionEmbeddings() - 1)
              + " before it can answer");
    }
  }

  private static SamplingOptions sampling(GenerationParams p) {
    if (p.temperature() == 0) {
      return SamplingOptions.GREEDY;
    }
    long seed = p.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
    return SamplingOptions.sample(p.temperature(), p.topP(), seed);
  }

  @Override
  public void close() {
    projector.ifPresent(VisionProjector::close);
    runtime.close();
  }
}
