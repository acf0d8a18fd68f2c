/** Declarative topic definitions (topics.yaml) applied idempotently with the AdminClient. */
package io.tokenprune.deploy.topics;
