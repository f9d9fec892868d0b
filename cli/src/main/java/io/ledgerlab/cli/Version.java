package io.ledgerlab.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Ledgerlab.class.getPackage().getImplementationVersion();
    return new String[] {
      "ledgerlab " + (v == null ? "development" : v), "Java " + Runtime.version()
    };
  }
}
