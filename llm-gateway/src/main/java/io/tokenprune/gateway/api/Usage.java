package io.tokenprune.gateway.api;

/**
 * Token counts of one answer.
 *
 * @param promptTokens the prompt the backend took, after pruning (for the local backend: text
 *     tokens plus kept visual tokens, before the inner merge; for an upstream: its own count)
 * @param originalPromptTokens what the prompt would have been without pruning
 * @param innerMergedTokens visual tokens the inner merge folded away inside the model
 */
public record Usage(
    int promptTokens, int completionTokens, long originalPromptTokens, int innerMergedTokens) {
  public Usage {
    if (promptTokens < 0
        || completionTokens < 0
        || originalPromptTokens < 0
        || innerMergedTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got "
              + promptTokens
              + ", "
              + completionTokens
              + ", "
              + originalPromptTokens
              + ", "
              + innerMergedTokens);
    }
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
