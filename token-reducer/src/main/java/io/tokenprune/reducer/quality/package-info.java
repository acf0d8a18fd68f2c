/**
 * Quality measurement for video token reduction, as pure functions on {@code float[]}: the coverage
 * metric (how well the kept tokens still represent every original token), four baselines at an
 * equal token budget (uniform frame subsampling, seeded random drop, per-frame saliency top-k,
 * ToMe-style bipartite merging), and {@link io.tokenprune.reducer.quality.CoverageComparison},
 * which runs HoliTom over a clip as the streaming reducer does and compares it with each baseline
 * at HoliTom's realised token count.
 *
 * <p>Layouts as in {@link io.tokenprune.reducer.holitom}: a frame is {@code [N, D]}, a saliency
 * vector {@code [N]}, a kept set {@code [M, D]}.
 */
package io.tokenprune.reducer.quality;
