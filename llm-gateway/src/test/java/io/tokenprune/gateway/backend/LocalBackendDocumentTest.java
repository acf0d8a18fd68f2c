package io.tokenprune.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tokenprune.gateway.TestModels;
import io.tokenprune.gateway.api.ApiException;
import io.tokenprune.gateway.docs.SelectedContext;
import io.tokenprune.inference.runtime.RuntimeConfig;
import io.tokenprune.inference.text.ChatMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GemFilter's pass 2 in the local backend: the selected document tokens wrapped like the whole
 * document was when the reducer scored it, so that selecting everything is the full-context prompt.
 */
class LocalBackendDocumentTest {
  private static final String DOC = "The sky is green. The pass key is 12345. Grass is blue.";
  private static final String QUESTION = "What is the pass key?";

  @TempDir static Path dir;
  static LocalBackend backend;
  static String folder;

  @BeforeAll
  static void load() throws IOException {
    Path m = TestModels.llama(dir.resolve("tiny-docs"));
    folder = m.getFileName().toString();
    backend = LocalBackend.load(m, RuntimeConfig.cpu(), "served-as");
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  /** The document's ids as the reducer counts them: its text alone, no special tokens. */
  private static int[] docIds() {
    return SpanPrompt.withoutSpecials(backend.runtime().tokenizer(), DOC);
  }

  private static SelectedContext selected(int[] ids, String modelId, Optional<String> text) {
    return new SelectedContext("r", "doc-1", ids, 100, text, modelId, 1, 3, 7);
  }

  @Test
  void selectingEverythingIsTheFullContextPrompt() {
    List<ChatMessage> ask = List.of(ChatMessage.user(QUESTION));
    Answer pruned =
        backend.answer(
            new Question.Document(ask, selected(docIds(), folder, Optional.empty())),
            GenerationParams.greedy(8),
            TextSink.IGNORE);
    Answer full =
        backend.answer(
            new Question.Plain(List.of(ChatMessage.user(DOC + "\n\n" + QUESTION))),
            GenerationParams.greedy(8),
            TextSink.IGNORE);
    assertThat(pruned.promptTokens()).isEqualTo(full.promptTokens());
    assertThat(pruned.text()).isEqualTo(full.text());
  }

  @Test
  void aSelectionIsWrappedByTheTemplatesHeadAndTheQuestion() {
    int[] some = Arrays.copyOfRange(docIds(), 18, 40); // "The pass key is 12345."
    Answer a =
        backend.answer(
            new Question.Document(
                List.of(ChatMessage.user(QUESTION)), selected(some, folder, Optional.empty())),
            GenerationParams.greedy(1),
            TextSink.IGNORE);
    SpanPrompt wrap =
        SpanPrompt.split(
            backend.runtime().tokenizer(), List.of(ChatMessage.user(QUESTION)), "\n\n");
    assertThat(a.promptTokens()).isEqualTo(wrap.head().length + some.length + wrap.tail().length);
    assertThat(backend.runtime().tokenizer().decode(wrap.tail()))
        .isEqualTo("\n\n" + QUESTION + "\nassistant\n");
  }

  @Test
  void aSelectionFromAnotherModelIsReencodedFromItsText() {
    Answer fromText =
        backend.answer(
            new Question.Document(
                List.of(ChatMessage.user(QUESTION)),
                selected(
                    new int[] {999_999},
                    "some-other-model",
                    Optional.of("The pass key is 12345."))),
            GenerationParams.greedy(1),
            TextSink.IGNORE);
    int expected =
        backend
            .runtime()
            .tokenizer()
            .encodeChat(List.of(ChatMessage.user("The pass key is 12345.\n\n" + QUESTION)), true)
            .length;
    assertThat(fromText.promptTokens()).isEqualTo(expected);

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                backend.answer(
                    new Question.Document(
                        List.of(ChatMessage.user(QUESTION)),
                        selected(new int[] {1}, "some-other-model", Optional.empty())),
                    GenerationParams.greedy(1),
                    TextSink.IGNORE));
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.getMessage()).contains("selected with model some-other-model").contains("no text");
  }
}
