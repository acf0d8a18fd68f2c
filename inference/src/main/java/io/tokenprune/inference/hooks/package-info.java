/**
 * Hooks into the forward pass: GemFilter's early-layer filter (run layers 0..L, score every
 * position by the last token's query, never touch a layer above L; with a reusable document
 * prefix), and HoliTom's inner merge at layer K (shorten a span of the sequence, and with it the KV
 * cache of layers K and up).
 */
package io.tokenprune.inference.hooks;
