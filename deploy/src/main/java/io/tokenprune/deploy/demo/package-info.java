/** The all-in-one demo: reducer in-process, generated video, summary of what came out. */
package io.tokenprune.deploy.demo;
