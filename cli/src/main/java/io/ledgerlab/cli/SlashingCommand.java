package io.ledgerlab.cli;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.genesis.GenesisParser;
import io.ledgerlab.ledger.slashing.Interchange;
import io.ledgerlab.ledger.slashing.SignRecords;
import io.ledgerlab.ledger.slashing.SlashingException;
import io.ledgerlab.ledger.slashing.SlashingProtection;
import io.ledgerlab.ledger.store.ChainStore;
import io.ledgerlab.node.config.ConfigException;
import io.ledgerlab.node.config.KeyFiles;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.DiskException;
import io.ledgerlab.runtime.disk.RocksDisk;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab keys slashing export|import}: a validator's signing history (the last position
 * its key signed) moved with the key between nodes, as an interchange in the spirit of EIP-3076.
 * The node must be stopped: its database is opened here.
 */
@Command(
    name = "slashing",
    description = {
      "Move a validator's slashing protection with its key: export the last position it signed"
          + " from a stopped node's database, import it into another's (a merge that only ever"
          + " raises the guard, so an older history can never allow a double sign).",
    },
    mixinStandardHelpOptions = true,
    subcommands = {SlashingCommand.Export.class, SlashingCommand.Import.class})
final class SlashingCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The node, its chain and its validator, as both directions need them. */
  abstract static class Node implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--data",
        required = true,
        paramLabel = "DIR",
        description = "The node's data directory (its RocksDB); the node must be stopped.")
    Path data;

    @Option(
        names = "--genesis",
        required = true,
        paramLabel = "FILE",
        description = "The chain's genesis: the history belongs to its hash.")
    Path genesis;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "FILE",
        description = "The validator's key: a keystore (read without a password) or a hex seed.")
    Path key;

    @Override
    public Integer call() {
      try {
        return execute();
      } catch (KeysCommand.Refused e) {
        spec.commandLine()
            .getErr()
            .println("ledgerlab keys slashing " + spec.name() + ": " + e.getMessage());
        return KeysCommand.REFUSED;
      }
    }

    abstract int execute() throws KeysCommand.Refused;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    Hash genesisHash() throws KeysCommand.Refused {
      try {
        return new GenesisParser().parse(genesis.toString(), Files.readString(genesis)).hash();
      } catch (IOException e) {
        throw new KeysCommand.Refused(genesis + ": cannot read the genesis: " + e.getMessage());
      } catch (GenesisException e) {
        throw new KeysCommand.Refused(e.getMessage());
      }
    }

    PublicKey validator() throws KeysCommand.Refused {
      try {
        if (!KeystoreFiles.isKeystore(key)) {
          return KeyFiles.read(key).publicKey();
        }
        Keystore k = KeystoreFiles.read(key);
        if (k.role().isPresent() && k.role().get() != Role.VALIDATOR) {
          throw new KeysCommand.Refused(
              "--key "
                  + k.where()
                  + " holds a key of role "
                  + k.role().get().key()
                  + "; slashing protection belongs to a validator key");
        }
        return k.publicKey();
      } catch (IOException e) {
        throw new KeysCommand.Refused(key + ": cannot read the key: " + e.getMessage());
      } catch (KeystoreException | ConfigException e) {
        throw new KeysCommand.Refused(e.getMessage());
      }
    }

    /** Opens the stopped node's database, checking it belongs to the genesis given. */
    RocksDisk open(Hash genesisHash) throws KeysCommand.Refused {
      RocksDisk disk;
      try {
        disk = RocksDisk.open(data);
      } catch (DiskException e) {
        String why = String.valueOf(e.getMessage());
        throw new KeysCommand.Refused(
            data
                + ": cannot open the node's database"
                + (why.toLowerCase(java.util.Locale.ROOT).contains("lock")
                    ? "; it is in use — stop its node first"
                    : "")
                + " ("
                + why
                + ")");
      }
      Optional<Hash> stored = new ChainStore(disk).head().map(h -> h.genesisHash());
      if (stored.isPresent() && !stored.get().equals(genesisHash)) {
        disk.close();
        throw new KeysCommand.Refused(
            data
                + " holds the chain of genesis hash "
                + stored.get().hex()
                + ", not "
                + genesis
                + "'s "
                + genesisHash.hex());
      }
      return disk;
    }
  }

  @Command(
      name = "export",
      description = "Write the validator's signing history (JSON) to --out, or to standard output.",
      mixinStandardHelpOptions = true)
  static final class Export extends Node {
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write it.")
    Path out;

    @Override
    int execute() throws KeysCommand.Refused {
      if (!Files.isRegularFile(data.resolve("CURRENT"))) {
        throw new KeysCommand.Refused(data + ": no node database here");
      }
      if (out != null && Files.exists(out)) {
        throw new KeysCommand.Refused(out + ": exists; not replaced");
      }
      Hash genesisHash = genesisHash();
      PublicKey validator = validator();
      Interchange history;
      try (Disk disk = open(genesisHash)) {
        history = SlashingProtection.export(disk, genesisHash, validator);
      }
      if (out == null) {
        out().print(history.toJson());
        out().flush();
        return ExitCode.OK;
      }
      try {
        Files.writeString(out, history.toJson());
      } catch (IOException e) {
        throw new KeysCommand.Refused(out + ": cannot write: " + e.getMessage());
      }
      out()
          .printf(
              "exported the signing history of validator %s: %s, to %s%n",
              validator.hex(),
              history.entries().isEmpty()
                  ? "it never signed"
                  : "last signed " + history.entries().get(0).lastSigned(),
              out);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "import",
      description =
          "Merge a signing history into the node's database: the later of the two"
              + " positions is kept. Refused for another chain's history or a conflicting block.",
      mixinStandardHelpOptions = true)
  static final class Import extends Node {
    @Parameters(paramLabel = "HISTORY", description = "The interchange file.")
    Path history;

    @Override
    int execute() throws KeysCommand.Refused {
      Interchange in;
      try {
        in = Interchange.parse(history.toString(), Files.readString(history));
      } catch (IOException e) {
        throw new KeysCommand.Refused(history + ": cannot read: " + e.getMessage());
      } catch (SlashingException e) {
        throw new KeysCommand.Refused(e.getMessage());
      }
      Hash genesisHash = genesisHash();
      PublicKey validator = validator();
      Optional<SignRecords.Merge> merge;
      try (Disk disk = open(genesisHash)) {
        merge = SlashingProtection.importInto(disk, genesisHash, validator, in);
      } catch (SlashingException e) {
        throw new KeysCommand.Refused(history + ": " + e.getMessage());
      }
      if (merge.isEmpty()) {
        out().printf("%s holds no signing history; nothing imported%n", history);
      } else if (merge.get().raised()) {
        out()
            .printf(
                "raised the guard of validator %s in %s to %s (it was at %s)%n",
                validator.hex(),
                data,
                merge.get().after(),
                merge.get().before().map(Object::toString).orElse("nothing signed"));
      } else {
        out()
            .printf(
                "kept the guard of validator %s in %s at %s: the imported history is not newer%n",
                validator.hex(), data, merge.get().after());
      }
      return ExitCode.OK;
    }
  }
}
