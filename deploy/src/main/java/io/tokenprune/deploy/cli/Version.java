package io.tokenprune.deploy.cli;

import picocli.CommandLine;

/** Reports the jar's implementation version (from the manifest) or "dev". */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = TokenPrune.class.getPackage().getImplementationVersion();
    return new String[] {"tokenprune " + (v == null ? "dev" : v)};
  }
}
