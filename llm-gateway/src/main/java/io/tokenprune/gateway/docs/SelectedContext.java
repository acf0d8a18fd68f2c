package io.tokenprune.gateway.docs;

import io.tokenprune.schemas.CompactContext;
import java.util.Objects;
import java.util.Optional;

/**
 * The reducer's answer to a ContextRequest, as the backends use it: GemFilter's selected tokens
 * (for the local backend) and their decoded text (for an upstream), with where they came from.
 *
 * @param tokenIds [k] selected ids in their original order, in the reducer model's vocabulary
 * @param originalLength tokens in the full prompt the selection was made from
 * @param text the selection decoded, if the reducer sent it
 * @param modelId the model the reducer selected with ("" if it did not say)
 * @param policyVersion the policy that made the selection
 */
public record SelectedContext(
    String requestId,
    String docId,
    int[] tokenIds,
    int originalLength,
    Optional<String> text,
    String modelId,
    int filterLayer,
    long selectMillis,
    long policyVersion) {

  public SelectedContext {
    Objects.requireNonNull(docId, "docId");
    tokenIds = tokenIds.clone();
    Objects.requireNonNull(text, "text");
    modelId = modelId == null ? "" : modelId;
  }

  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }

  /** Selected tokens: k. */
  public int size() {
    return tokenIds.length;
  }

  /** The successful CompactContext's fields (its error must be null). */
  public static SelectedContext of(CompactContext c) {
    if (c.getError() != null) {
      throw new IllegalArgumentException(
          "context " + c.getRequestId() + " is an error: " + c.getError());
    }
    int[] ids = c.getTokenIds().stream().mapToInt(Integer::intValue).toArray();
    return new SelectedContext(
        c.getRequestId(),
        c.getDocId(),
        ids,
        c.getOriginalLength(),
        Optional.ofNullable(c.getText()),
        c.getModelId(),
        c.getFilterLayer(),
        c.getSelectMillis(),
        c.getPolicyVersion());
  }
}
