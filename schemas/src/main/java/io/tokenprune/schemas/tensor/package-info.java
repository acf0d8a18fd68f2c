/** Tensor packing for Kafka records: float[] to little-endian F32/F16 bytes and back. */
package io.tokenprune.schemas.tensor;
