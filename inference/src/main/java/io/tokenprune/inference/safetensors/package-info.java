/**
 * The safetensors file format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Reading is memory-mapped
 * and chunked, so multi-gigabyte shards never pass through the Java heap; writing is for test
 * checkpoints, trained demo weights and the inspection commands.
 */
package io.tokenprune.inference.safetensors;
