/** Frame encoders: RGB frames to visual tokens [N, D] and per-token saliency [N]. */
package io.tokenprune.inference.vision;
