/**
 * The reducer's Kafka Streams plumbing: topology, processors, config. Algorithms live elsewhere.
 */
package io.tokenprune.reducer.stream;
