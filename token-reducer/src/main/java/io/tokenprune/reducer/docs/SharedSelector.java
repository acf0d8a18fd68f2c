package io.tokenprune.reducer.docs;

import io.tokenprune.inference.runtime.ModelRuntime;
import io.tokenprune.reducer.docs.select.DocumentSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model per reducer instance, shared by its stream threads: the first document processor to
 * start loads it, the last one to close frees it (with its prefix cache). A topology is built once
 * per KafkaStreams instance, so this is created once per instance. After every task of the instance
 * closes (shutdown, or a rebalance that takes them all away) the next one loads again; the prefix
 * cache starts empty then, which only costs recomputation.
 */
public final class SharedSelector {
  private static final Logger log = LoggerFactory.getLogger(SharedSelector.class);

  private final DocumentSettings settings; // null when borrowed
  private DocumentSelector selector;
  private ModelRuntime runtime;
  private int users;

  private SharedSelector(DocumentSettings settings, DocumentSelector borrowed) {
    this.settings = settings;
    this.selector = borrowed;
  }

  /** Loads {@code settings.modelDir()} on first use. */
  public static SharedSelector loading(DocumentSettings settings) {
    return new SharedSelector(settings, null);
  }

  /** A selector the caller owns and closes (tests, or an app holding one model for many uses). */
  public static SharedSelector borrowed(DocumentSelector selector) {
    return new SharedSelector(null, selector);
  }

  /**
   * @throws UncheckedIOException when the model folder cannot be read
   */
  public synchronized DocumentSelector acquire() {
    if (selector == null) {
      try {
        long t0 = System.nanoTime();
        runtime = ModelRuntime.load(settings.modelDir(), settings.runtime());
        try {
          selector = DocumentSelector.create(runtime, settings.template(), settings.cacheBytes());
        } catch (IOException | RuntimeException e) {
          runtime.close();
          runtime = null;
          throw e;
        }
        log.info(
            "document model {} loaded in {} ms",
            settings.modelDir(),
            (System.nanoTime() - t0) / 1_000_000);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load model " + settings.modelDir(), e);
      }
    }
    users++;
    return selector;
  }

  public synchronized void release() {
    if (users == 0) {
      throw new IllegalStateException("release without acquire");
    }
    if (--users == 0 && settings != null) {
      selector.close();
      runtime.close();
      selector = null;
      runtime = null;
    }
  }
}
