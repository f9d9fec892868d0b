package io.ledgerlab.lab.process;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.lab.target.reference.RunKeys;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Creates a run directory for a network: genesis, keys, funded accounts, the manifest. */
public final class RunFiles {
  private RunFiles() {}

  /**
   * Creates {@code run} for {@code network}; refuses a directory that exists, and removes what it
   * wrote when it fails halfway.
   */
  public static void create(RunLayout run, Network network, String manifestText)
      throws IOException {
    if (Files.exists(run.root())) {
      throw new FileAlreadyExistsException(
          run.root().toString(),
          null,
          "the run directory already exists; choose another with --run-dir or remove it");
    }
    Files.createDirectories(run.root());
    try {
      write(run, network, manifestText);
    } catch (IOException | RuntimeException e) {
      deleteTree(run.root());
      throw e;
    }
  }

  private static void write(RunLayout run, Network network, String manifestText)
      throws IOException {
    Files.writeString(run.manifest(), manifestText);
    new ReferenceTarget()
        .deploy(network, run, new SystemEntropy(), ReferenceTarget.processGenesisTimeMicros());
  }

  /** The funded accounts of a run, in order. */
  public static List<KeyPair> accounts(RunLayout run) throws IOException {
    try (RunKeys keys = RunKeys.open(run)) {
      return keys.readAccounts();
    }
  }

  public static KeyPair nodeKey(RunLayout run, String node) throws IOException {
    try (RunKeys keys = RunKeys.open(run)) {
      return keys.read(run.nodeKey(node));
    }
  }

  /** Deletes {@code root} and everything below it; nothing when it is not there. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
