/**
 * The needle-in-a-haystack evaluation of a model ({@code tokenprune eval needle}): held-out
 * retrieval prompts over a grid of context lengths and depths, answered from the full context, from
 * GemFilter selections at every filter layer, top-k and granularity (the reducer's own selection
 * code), from a recency window and from random tokens of the same budget; exact match per cell,
 * time to first token of GemFilter against the full context, a JSON report, a Markdown table and a
 * depth-by-length heatmap.
 */
package io.tokenprune.deploy.eval;
