/**
 * Video ingest: a {@link io.tokenprune.ingest.video.FrameSource} (FFmpeg through JavaCV for files
 * and URLs, or the seeded {@link io.tokenprune.ingest.video.TestPattern}) is sampled at a fixed
 * rate by {@link io.tokenprune.ingest.video.FrameSampler}, JPEG-encoded, and sent as {@code
 * VideoFrame} records by {@link io.tokenprune.ingest.video.VideoIngest}.
 */
package io.tokenprune.ingest.video;
