/**
 * Main-runnable benchmarks of the runtime (never timed assertions in tests): prefill and decode
 * throughput, and the early-layer filter's cost against a full prefill, measured side by side.
 */
package io.tokenprune.inference.bench;
