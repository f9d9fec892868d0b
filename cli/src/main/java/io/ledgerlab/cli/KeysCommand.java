package io.ledgerlab.cli;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Kdf;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.node.config.ConfigException;
import io.ledgerlab.node.config.KeyFiles;
import io.ledgerlab.node.keys.KeyDirectory;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.node.keys.PasswordException;
import io.ledgerlab.node.keys.PasswordSource;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab keys}: a directory of encrypted keystores (EIP-2335), one per name, with a
 * {@code revoked/} record. Secrets never reach the terminal or a command line: passwords come from
 * a file, a named environment variable or the terminal with echo off, and no command prints a seed.
 */
@Command(
    name = "keys",
    description = {
      "Keys in encrypted keystores (EIP-2335: scrypt or PBKDF2, AES-128-CTR), one per name in a"
          + " key directory, each with a role: validator, node, operator, deployer, client, agent.",
      "Exit codes: 0 done, 1 refused (wrong password, a bad file, a taken name), 2 bad usage."
    },
    mixinStandardHelpOptions = true,
    subcommands = {
      KeysCommand.Create.class,
      KeysCommand.Import.class,
      KeysCommand.Export.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Rotate.class,
      KeysCommand.Revoke.class,
      SlashingCommand.class
    })
final class KeysCommand implements Runnable {
  /** A key command's outcome when it refuses: the input was judged and failed. */
  static final int REFUSED = ExitCode.CHECK_FAILED;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The KDF a {@code --kdf} names, with EIP-2335's default costs. */
  enum KdfChoice {
    SCRYPT,
    PBKDF2;

    Kdf kdf() {
      return this == SCRYPT ? Kdf.scryptDefault() : Kdf.pbkdf2Default();
    }
  }

  /** What every key command shares: the key directory, messages and exit codes. */
  abstract static class Sub implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        defaultValue = "keys",
        description = "The key directory. Default: ${DEFAULT-VALUE}.")
    Path dir;

    KeyDirectory keys() {
      return new KeyDirectory(dir);
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    String command() {
      return "ledgerlab keys " + spec.name();
    }

    /** Runs the command; its refusals and usage errors as messages and exit codes. */
    @Override
    public Integer call() {
      try {
        return execute();
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(command() + ": " + e.getMessage());
        return ExitCode.USAGE;
      } catch (Refused e) {
        spec.commandLine().getErr().println(command() + ": " + e.getMessage());
        return REFUSED;
      }
    }

    abstract int execute() throws Refused;

    static Password read(PasswordSource source) throws Refused {
      try {
        return source.read();
      } catch (PasswordException e) {
        throw new Refused(
            e.getMessage()
                + (source instanceof PasswordSource.Prompt
                    ? "; give --password-file FILE or --password-env VAR"
                    : ""));
      }
    }

    static Instant now() {
      return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    void printKey(String verb, Path file, String name, Role role, KeyPair key) {
      out().printf("%s key %s (%s) in %s%n", verb, name, role.key(), file);
      out().printf("  address:    %s%n", key.address().hex());
      out().printf("  public key: %s%n", key.publicKey().hex());
    }
  }

  /** A refusal: the message is the whole story, and holds no secret. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }

    static Refused of(IOException e) {
      if (e instanceof FileAlreadyExistsException f) {
        return new Refused(f.getFile() + ": " + f.getReason());
      }
      if (e instanceof NoSuchFileException f) {
        return new Refused(f.getReason() != null ? f.getReason() : f.getFile() + ": no such file");
      }
      return new Refused(e.getMessage());
    }
  }

  @Command(
      name = "create",
      description = "Create a new key, encrypted under a password, as <dir>/<name>.json.",
      mixinStandardHelpOptions = true)
  static final class Create extends Sub {
    @Option(names = "--name", required = true, description = "The key's name (its file name).")
    String name;

    @Option(
        names = "--role",
        required = true,
        description = "validator, node, operator, deployer, client or agent.")
    Role role;

    @Option(
        names = "--kdf",
        defaultValue = "scrypt",
        description = "scrypt (n=2^18, r=8, p=1) or pbkdf2 (c=2^18). Default: ${DEFAULT-VALUE}.")
    KdfChoice kdf;

    @Option(names = "--description", defaultValue = "", description = "Words for people.")
    String description;

    @Mixin KeyPasswords.Current password;

    @Override
    int execute() throws Refused {
      PasswordSource source = password.source("password for the new key " + name, true);
      Path file = keys().file(name);
      if (Files.exists(file)) {
        throw new Refused(
            "a key named '"
                + name
                + "' exists in "
                + keys().dir()
                + "; rotate it, or choose a name");
      }
      SystemEntropy entropy = new SystemEntropy();
      KeyPair key = KeyPair.generate(entropy);
      try (Password p = read(source)) {
        Keystore k =
            Keystore.encrypt(
                key, p, kdf.kdf(), new Label(name, role, description, Optional.of(now())), entropy);
        keys().add(k);
      } catch (IOException e) {
        throw Refused.of(e);
      }
      printKey("created", file, name, role, key);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "import",
      description = {
        "Import a key from FILE: a raw Ed25519 seed (64 hex characters; --role needed), encrypted"
            + " here under the password given; or an existing keystore, opened with that password"
            + " and stored again under it."
      },
      mixinStandardHelpOptions = true)
  static final class Import extends Sub {
    @Option(names = "--name", required = true, description = "The key's name here.")
    String name;

    @Option(names = "--role", description = "The key's role; a keystore may carry its own.")
    Role role;

    @Option(
        names = "--kdf",
        description =
            "scrypt or pbkdf2. Default: scrypt for a seed, the"
                + " keystore's own KDF for a keystore.")
    KdfChoice kdf;

    @Parameters(paramLabel = "FILE", description = "A hex seed file or a keystore.")
    Path from;

    @Mixin KeyPasswords.Current password;

    @Override
    int execute() throws Refused {
      // Resolved first: a password given on the command line is refused before anything else.
      password.source("", false);
      Path file = keys().file(name);
      if (Files.exists(file)) {
        throw new Refused(
            "a key named '"
                + name
                + "' exists in "
                + keys().dir()
                + "; rotate it, or choose a name");
      }
      if (!Files.isRegularFile(from)) {
        throw new IllegalArgumentException(from + ": no such file");
      }
      boolean keystore;
      try {
        keystore = KeystoreFiles.isKeystore(from);
      } catch (IOException e) {
        throw Refused.of(e);
      }
      SystemEntropy entropy = new SystemEntropy();
      KeyPair key;
      Role r;
      Kdf chosen;
      Optional<Instant> created;
      String description;
      try (Password p =
          read(
              password.source(
                  "password " + (keystore ? "of " + from : "for " + name), !keystore))) {
        if (keystore) {
          Keystore source = KeystoreFiles.read(from);
          if (role != null && source.role().isPresent() && source.role().get() != role) {
            throw new IllegalArgumentException(
                "--role "
                    + role.key()
                    + ": the keystore says the key's role is "
                    + source.role().get().key());
          }
          r =
              source
                  .role()
                  .or(() -> Optional.ofNullable(role))
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "--role: the keystore has no role; give the key's role"));
          key = source.decrypt(p);
          chosen = kdf == null ? source.kdf() : kdf.kdf();
          created = Optional.of(source.created().orElse(now()));
          description = source.description().orElse("imported from " + from.getFileName());
        } else {
          if (role == null) {
            throw new IllegalArgumentException("--role: a hex seed carries no role; give one");
          }
          r = role;
          key = KeyFiles.read(from);
          chosen = kdf == null ? Kdf.scryptDefault() : kdf.kdf();
          created = Optional.of(now());
          description = "imported from " + from.getFileName();
        }
        keys()
            .add(
                Keystore.encrypt(
                    key, p, chosen, new Label(name, r, description, created), entropy));
      } catch (KeystoreException | ConfigException e) {
        throw new Refused(e.getMessage());
      } catch (IOException e) {
        throw Refused.of(e);
      }
      printKey("imported", file, name, r, key);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "export",
      description = {
        "Export a key: --public prints its public key and address (no password needed); --out"
            + " FILE writes a copy of its keystore re-encrypted under a new password (and a new"
            + " salt, IV and UUID). A seed is never printed."
      },
      mixinStandardHelpOptions = true)
  static final class Export extends Sub {
    @Parameters(paramLabel = "NAME", description = "The key.")
    String name;

    @Option(names = "--public", description = "Print the public key and address.")
    boolean publicOnly;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the re-encrypted copy goes.")
    Path out;

    @Option(
        names = "--kdf",
        defaultValue = "scrypt",
        description = "The copy's KDF: scrypt or" + " pbkdf2. Default: ${DEFAULT-VALUE}.")
    KdfChoice kdf;

    @Mixin KeyPasswords.Current password;
    @Mixin KeyPasswords.New newPassword;

    @Override
    int execute() throws Refused {
      PasswordSource opens = password.source("password of " + name, false);
      PasswordSource locks = newPassword.source("password for the exported copy");
      if (publicOnly == (out != null)) {
        throw new IllegalArgumentException("give --public or --out FILE, one of them");
      }
      Keystore k;
      try {
        k = keys().read(name);
      } catch (KeystoreException e) {
        throw new Refused(e.getMessage());
      } catch (IOException e) {
        throw Refused.of(e);
      }
      if (publicOnly) {
        try {
          out().printf("name:       %s%n", name);
          out().printf("role:       %s%n", k.role().map(Role::key).orElse("-"));
          out().printf("public key: %s%n", k.publicKey().hex());
          out().printf("address:    %s%n", k.publicKey().address().hex());
        } catch (KeystoreException e) {
          throw new Refused(e.getMessage());
        }
        return ExitCode.OK;
      }
      if (Files.exists(out)) {
        throw new Refused(out + ": exists; not replaced");
      }
      Role role =
          k.role()
              .orElseThrow(
                  () -> new Refused(name + ": the keystore names no role; import it with --role"));
      try (Password old = read(opens);
          Password fresh = read(locks)) {
        Label label = new Label(name, role, k.description().orElse(""), k.created());
        Keystore copy = k.reencrypt(old, fresh, kdf.kdf(), label, new SystemEntropy());
        KeystoreFiles.write(copy, out, false);
        out().printf("exported key %s to %s, under the new password%n", name, out);
      } catch (KeystoreException e) {
        throw new Refused(e.getMessage());
      } catch (IOException e) {
        throw Refused.of(e);
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "list",
      description =
          "List the keys: name, role, address, when created, whether revoked. No secret"
              + " and no password is needed.",
      mixinStandardHelpOptions = true)
  static final class ListKeys extends Sub {
    @Override
    int execute() throws Refused {
      KeyDirectory.Listing listing;
      try {
        listing = keys().list();
      } catch (IOException e) {
        throw Refused.of(e);
      }
      out().printf("%-24s %-10s %-40s %-20s %s%n", "NAME", "ROLE", "ADDRESS", "CREATED", "REVOKED");
      for (KeyDirectory.Entry e : listing.entries()) {
        out()
            .printf(
                "%-24s %-10s %-40s %-20s %s%n",
                e.name(),
                e.role().map(Role::key).orElse("-"),
                e.address().hex(),
                e.created().map(Instant::toString).orElse("-"),
                e.revocation().map(ListKeys::revoked).orElse("no"));
      }
      if (listing.entries().isEmpty()) {
        out().println("(no keys in " + keys().dir() + ")");
      }
      if (!listing.problems().isEmpty()) {
        for (KeyDirectory.Problem p : listing.problems()) {
          spec.commandLine().getErr().println(command() + ": " + p.message());
        }
        return REFUSED;
      }
      return ExitCode.OK;
    }

    private static String revoked(KeyDirectory.Revocation r) {
      return r.revoked()
          + " ("
          + r.reason()
          + r.replacedBy().map(k -> "; replaced by " + k.address().hex()).orElse("")
          + ")";
    }
  }

  @Command(
      name = "rotate",
      description =
          "Give a name a new key of the same role; the old key is kept in revoked/, with"
              + " its replacement recorded. The new key's password is asked for as for create.",
      mixinStandardHelpOptions = true)
  static final class Rotate extends Sub {
    @Parameters(paramLabel = "NAME", description = "The key to replace.")
    String name;

    @Option(
        names = "--kdf",
        defaultValue = "scrypt",
        description = "The new key's KDF." + " Default: ${DEFAULT-VALUE}.")
    KdfChoice kdf;

    @Option(
        names = "--reason",
        defaultValue = "rotated",
        description = "Recorded with the old" + " key. Default: ${DEFAULT-VALUE}.")
    String reason;

    @Mixin KeyPasswords.Current password;

    @Override
    int execute() throws Refused {
      PasswordSource source = password.source("password for the new key " + name, true);
      SystemEntropy entropy = new SystemEntropy();
      KeyPair key = KeyPair.generate(entropy);
      Role role;
      try {
        Keystore old = keys().read(name);
        role =
            old.role()
                .orElseThrow(
                    () ->
                        new Refused(
                            name + ": the keystore has no role; revoke it and create anew"));
        try (Password p = read(source)) {
          Keystore next =
              Keystore.encrypt(
                  key,
                  p,
                  kdf.kdf(),
                  new Label(name, role, old.description().orElse(""), Optional.of(now())),
                  entropy);
          KeyDirectory.Revocation r = keys().revoke(name, now(), reason, Optional.of(next));
          out()
              .printf(
                  "revoked the old key %s (address %s), kept in %s%n",
                  name, r.publicKey().address().hex(), r.keystore());
        }
      } catch (KeystoreException e) {
        throw new Refused(e.getMessage());
      } catch (IOException e) {
        throw Refused.of(e);
      }
      printKey("rotated", keys().file(name), name, role, key);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "revoke",
      description =
          "Take a key out of service: its keystore moves to revoked/ beside a record of"
              + " when and why. No password is needed (a lost password is a reason to revoke).",
      mixinStandardHelpOptions = true)
  static final class Revoke extends Sub {
    @Parameters(paramLabel = "NAME", description = "The key.")
    String name;

    @Option(
        names = "--reason",
        defaultValue = "revoked",
        description = "Recorded with the key." + " Default: ${DEFAULT-VALUE}.")
    String reason;

    @Override
    int execute() throws Refused {
      try {
        KeyDirectory.Revocation r = keys().revoke(name, now(), reason, Optional.empty());
        out()
            .printf(
                "revoked key %s (%s, address %s); kept in %s%n",
                name,
                r.role().map(Role::key).orElse("no role"),
                r.publicKey().address().hex(),
                r.keystore());
      } catch (KeystoreException e) {
        throw new Refused(e.getMessage());
      } catch (IOException e) {
        throw Refused.of(e);
      }
      return ExitCode.OK;
    }
  }
}
