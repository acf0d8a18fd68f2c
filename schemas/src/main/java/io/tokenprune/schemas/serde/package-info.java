/** Kafka serdes for the tokenprune Avro records (single-object encoding, no registry). */
package io.tokenprune.schemas.serde;
