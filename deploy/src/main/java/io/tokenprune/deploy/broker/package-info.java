/** The in-process single-node KRaft broker used by the CLI and the tests. */
package io.tokenprune.deploy.broker;
