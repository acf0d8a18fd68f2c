/**
 * {@code tokenprune serve}: the gateway, and, when no broker is given, the embedded broker and the
 * reducer in the same JVM, so that one command gives a working system. Also the bundled model's
 * location.
 */
package io.tokenprune.deploy.serve;
