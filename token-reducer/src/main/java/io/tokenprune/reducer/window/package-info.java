/**
 * A stream's window buffer and what each flush of it emits: the streaming form of HoliTom, free of
 * Kafka so that it can be tested, benchmarked and run offline on the same code path.
 */
package io.tokenprune.reducer.window;
