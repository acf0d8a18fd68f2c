/**
 * Benchmarks behind {@code tokenprune bench}: each prints the figures docs/benchmarks.md quotes.
 */
package io.tokenprune.deploy.bench;
