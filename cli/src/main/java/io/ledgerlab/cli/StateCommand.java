package io.ledgerlab.cli;

import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.exec.GenesisState;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.genesis.GenesisParser;
import io.ledgerlab.ledger.genesis.GenesisWriter;
import io.ledgerlab.ledger.replay.ChainReplay;
import io.ledgerlab.ledger.replay.ReplayException;
import io.ledgerlab.ledger.replay.StateExport;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateAudit;
import io.ledgerlab.ledger.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab state export}: a node's state at a height as the genesis of a new chain, which
 * starts from exactly that state (the same state root).
 */
@Command(
    name = "state",
    description = "A chain's state: export it at a height as the genesis of a new chain.",
    mixinStandardHelpOptions = true,
    subcommands = {StateCommand.Export.class})
final class StateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "export",
      description = {
        "Write the state of a node's stored chain at --height as a genesis file: every account"
            + " with its balance and nonce, the chain codes in force and pending upgrades (their"
            + " jars copied beside the file), every chain-code key and value, and the state root a"
            + " chain started from it has at genesis. The head's state is read from the store;"
            + " an earlier height's is rebuilt by replaying the chain from genesis with its own"
            + " code (the store keeps only the head's). The validators stay the source chain's"
            + " unless --validator names others. Exit 2 for bad input, 6 when the stored chain or"
            + " state is damaged.",
      },
      mixinStandardHelpOptions = true)
  static final class Export implements Callable<Integer> {
    private static final Pattern VALIDATOR =
        Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]{0,63})=((?:0x)?[0-9a-fA-F]{64})(?::([0-9]+))?");

    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "DIR",
        description = "A node's data directory (RocksDB), or a run directory (see --node).")
    Path dir;

    @Option(
        names = "--height",
        required = true,
        paramLabel = "H",
        description = "The height whose state to export: from 0 (genesis) to the head.")
    long height;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description =
            "The genesis file to write (must not exist); jars go to chaincode/ beside it.")
    Path out;

    @Option(
        names = "--chain-id",
        paramLabel = "ID",
        description = "The new chain's id. Default: the source chain's.")
    String chainId;

    @Option(
        names = "--validator",
        paramLabel = "NAME=PUBKEY[:POWER]",
        description =
            "A validator of the new chain (Ed25519 public key in hex, power default 1);"
                + " repeatable. Default: the source chain's validators.")
    List<String> validators;

    @Option(names = "--node", paramLabel = "NODE", description = "In a run directory, the node.")
    String node;

    @Option(
        names = "--genesis",
        paramLabel = "FILE",
        description = "The source chain's genesis. Default: the run's genesis.yaml.")
    Path genesis;

    @Override
    public Integer call() throws IOException {
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        if (Files.exists(out)) {
          throw new IllegalArgumentException("--out " + out + " exists; choose another path");
        }
        List<Genesis.Validator> newValidators = validators();
        try (StoredChain stored = StoredChain.open(dir, node, genesis)) {
          Genesis exported = export(stored, newValidators, err);
          write(exported);
          stdout.println(
              "wrote "
                  + out
                  + ": the state of "
                  + stored.genesis.chainId()
                  + " at height "
                  + height
                  + " (root "
                  + exported.snapshot().stateRoot().hex()
                  + "): "
                  + exported.balances().size()
                  + " accounts, "
                  + exported.chainCodes().size()
                  + " chain codes, "
                  + exported.snapshot().data().size()
                  + " chain-code keys");
          stdout.println(
              "a chain started from it ("
                  + exported.chainId()
                  + ") begins at height 0 with this state root");
          return ExitCode.OK;
        }
      } catch (IllegalArgumentException e) {
        err.println("ledgerlab state export: " + e.getMessage());
        return ExitCode.USAGE;
      } catch (ReplayException | CorruptStateException e) {
        err.println("ledgerlab state export: " + e.getMessage());
        return ExitCode.STORED_CHAIN_INVALID;
      }
    }

    private Genesis export(
        StoredChain stored, List<Genesis.Validator> newValidators, PrintWriter err)
        throws IOException, ReplayException {
      long head = stored.head.height();
      if (height < 0 || height > head) {
        throw new IllegalArgumentException(
            "--height " + height + ": the chain's head is at " + head + "; expected 0 to " + head);
      }
      Path outDir = out.toAbsolutePath().normalize().getParent();
      Path sourceDir = stored.genesisFile.toAbsolutePath().normalize().getParent();
      StateExport.Options options =
          new StateExport.Options(
              chainId,
              newValidators,
              jar -> {
                try {
                  return copyJar(jar, sourceDir, outDir);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      try {
        if (height == head) {
          StateStore state = stored.headState();
          if (!state.root().equals(stored.head.stateRoot())
              || !StateAudit.recomputeRoot(state).equals(stored.head.stateRoot())) {
            throw new ReplayException(
                stored.dataDir
                    + ": the stored state does not rebuild to its head's root "
                    + stored.head.stateRoot().hex());
          }
          return StateExport.genesis(stored.genesis, stored.head, state, options);
        }
        err.println("height " + height + " is below the head " + head + ": replaying to it");
        ReplayProgress progress = new ReplayProgress(err);
        ChainReplay.Replayed at =
            new ChainReplay(
                    stored.genesis,
                    stored.registry(),
                    // The jars governance installed, where the node keeps them.
                    io.ledgerlab.node.code.CodeDir.open(
                        stored.dataDir.resolveSibling("code"), p -> {}),
                    null)
                .replayTo(stored.blocks(), height, progress);
        progress.done();
        return StateExport.genesis(stored.genesis, at.head(), at.state(), options);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }

    /** Copies a user jar beside the new genesis, where the new genesis names it. */
    private static Genesis.CodeJar copyJar(Genesis.CodeJar jar, Path sourceDir, Path outDir)
        throws IOException {
      Path from = sourceDir.resolve(jar.jar()).normalize();
      String relative = "chaincode/" + jar.name() + "-" + jar.version() + ".jar";
      Path to = outDir.resolve(relative);
      if (!Files.isRegularFile(from) || !Sandbox.sha256Hex(from).equals(jar.sha256())) {
        throw new IllegalArgumentException(
            "the source genesis names "
                + from
                + " with SHA-256 "
                + jar.sha256()
                + "; it is missing or differs");
      }
      if (Files.exists(to) && !Sandbox.sha256Hex(to).equals(jar.sha256())) {
        throw new IllegalArgumentException(
            to + " exists and holds another jar; choose another --out");
      }
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return new Genesis.CodeJar(jar.name(), jar.version(), relative, jar.sha256());
    }

    /** Writes the file, then reads it back as a node would: it must give the exported root. */
    private void write(Genesis exported) throws IOException {
      String yaml = GenesisWriter.yaml(exported);
      Path parent = out.toAbsolutePath().normalize().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, "genesis", ".tmp");
      try {
        Files.writeString(temp, yaml);
        Genesis read = new GenesisParser().parse(out.toString(), yaml);
        if (!read.equals(exported)
            || !GenesisState.root(read).equals(exported.snapshot().stateRoot())) {
          throw new IllegalStateException("the written genesis does not read back to the export");
        }
        Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
      } catch (GenesisException e) {
        // The state came from a chain that read it; what the command line changed may not fit.
        throw new IllegalArgumentException(
            "the new genesis is refused (check --chain-id and --validator): " + e.getMessage(), e);
      } finally {
        Files.deleteIfExists(temp);
      }
    }

    private List<Genesis.Validator> validators() {
      List<Genesis.Validator> out = new ArrayList<>();
      if (validators == null) {
        return out;
      }
      for (String v : validators) {
        Matcher m = VALIDATOR.matcher(v);
        if (!m.matches()) {
          throw new IllegalArgumentException(
              "--validator '" + v + "': expected NAME=PUBKEY[:POWER], PUBKEY as 64 hex characters");
        }
        String hex = m.group(2).toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", "");
        long power;
        try {
          power = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
        } catch (NumberFormatException e) {
          power = 0;
        }
        if (power < 1) {
          throw new IllegalArgumentException(
              "--validator '" + v + "': the power must be a whole number from 1 to 2^60");
        }
        out.add(new Genesis.Validator(m.group(1), PublicKey.of(Hex.decode(hex)), power));
      }
      return out;
    }
  }
}
