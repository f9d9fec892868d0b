package io.ledgerlab.lab.target;

import java.util.Map;

/**
 * What a target prepared for one node process: the values of its own placeholders in the launch
 * command (such as {@code {config}}, the file it wrote), and environment variables to set.
 */
public record NodeSetup(Map<String, String> placeholders, Map<String, String> environment) {
  public NodeSetup {
    placeholders = Map.copyOf(placeholders);
    environment = Map.copyOf(environment);
  }
}
