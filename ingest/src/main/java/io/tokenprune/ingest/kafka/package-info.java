/**
 * The Kafka edge of ingest: {@link io.tokenprune.ingest.kafka.ProducerSettings} builds idempotent
 * producer properties and {@link io.tokenprune.ingest.kafka.KafkaSink} adapts a producer to the
 * {@link io.tokenprune.ingest.RecordSink} the pipelines write to, surfacing every failed send.
 */
package io.tokenprune.ingest.kafka;
