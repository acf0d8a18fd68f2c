/**
 * Quality measurement for video token reduction, as pure functions on {@code float[]}: the coverage
 * metric (how well the kept tokens still represent every original token), four baselines at an
 * equal token budget (uniform frame subsampling, seeded random drop, per-frame saliency top-k,
 * ToMe-style bipartite merging), and {@link io.tokenprune.reducer.quality.CoverageComparison},
 * which compares HoliTom's output on a clip (produced by the caller through the streaming code
 * path, {@code io.tokenprune.reducer.window.OfflineReduction}) with each baseline at HoliTom's
 * realised token count.
 *
 * <p>Layouts as in {@link io.tokenprune.reducer.holitom}: a frame is {@code [N, D]}, a saliency
 * vector {@code [N]}, a kept set {@code [M, D]}.
 */
package io.tokenprune.reducer.quality;
