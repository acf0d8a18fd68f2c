package io.tokenprune.inference.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One small corpus tokenizer shared by the tests of this package (learning it takes a second). */
final class CorpusFixture {
  static final int VOCAB = 600;
  private static CorpusTokenizer tokenizer;

  private CorpusFixture() {}

  static synchronized CorpusTokenizer tokenizer() {
    if (tokenizer == null) {
      try {
        Path dir = Files.createTempDirectory("tp-corpus-tokenizer");
        CorpusTokenizerBuilder.write(dir, WordLists.bundled(), VOCAB, 3);
        tokenizer = CorpusTokenizer.load(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tokenizer;
  }

  static RetrievalCorpus corpus() {
    return new RetrievalCorpus(tokenizer(), WordLists.bundled());
  }
}
