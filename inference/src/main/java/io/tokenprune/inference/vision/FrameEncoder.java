package io.tokenprune.inference.vision;

/**
 * Turns one RGB frame into N visual tokens of dimension D plus one saliency score per token. The
 * default is {@link PatchEncoder}; a vision tower (ONNX or DJL) slots in behind the same seam.
 */
public interface FrameEncoder {

  /**
   * @param rgb packed RGB24, row-major, {@code width * height * 3} bytes
   */
  EncodedFrame encode(byte[] rgb, int width, int height);

  /** Tokens per frame (N). */
  int patches();

  /** Token dimension (D). */
  int dim();
}
