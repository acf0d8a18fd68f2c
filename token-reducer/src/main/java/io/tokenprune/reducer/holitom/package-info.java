/**
 * HoliTom outer-LLM video token merging (Shao et al., 2025), as pure functions on flat {@code
 * float[]} arrays: temporal segmentation by dynamic programming over static-token counts, the
 * budget r', the static/dynamic split, DPC-kNN merging of static tokens and saliency top-k of
 * dynamic tokens. {@link io.tokenprune.reducer.holitom.HoliTom} is the entry point.
 *
 * <p>Layouts: a frame is {@code [N, D]} row-major (N patches of D dims), a saliency vector is
 * {@code [N]}. Nothing here imports Kafka, Avro, JavaCV or HTTP classes; an ArchUnit test enforces
 * that.
 *
 * <p>The dense kernels run on the incubating Vector API when the JVM has {@code --add-modules
 * jdk.incubator.vector}, and as plain scalar loops otherwise ({@code Kernels}); the results agree
 * up to float rounding.
 */
package io.tokenprune.reducer.holitom;
