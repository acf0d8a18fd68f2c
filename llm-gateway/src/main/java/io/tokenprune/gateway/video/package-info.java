/**
 * Video contexts: the bounded per-stream memory of tp.video.compact (by tokens, age and stream
 * count), the consumer that feeds it, and the assembly of a stream's recent compact tokens for a
 * question.
 */
package io.tokenprune.gateway.video;
