/**
 * Document contexts: request-reply with the reducer over Kafka (a ContextRequest out, the
 * CompactContext with the same correlation id back, one shared reply consumer, a timeout), and what
 * a reply's error means for the client.
 */
package io.tokenprune.gateway.docs;
