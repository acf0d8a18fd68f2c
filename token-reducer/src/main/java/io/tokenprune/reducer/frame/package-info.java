/** Decoding VideoFrame payloads (JPEG or RGB24) into pixels for the frame encoder. */
package io.tokenprune.reducer.frame;
