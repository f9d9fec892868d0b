package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.Kdf;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.ledger.crypto.keystore.Role;
import io.ledgerlab.node.keys.KeystoreFiles;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab keys}: each subcommand doing its job on a real key directory, and refusing —
 * with its reason and exit code — a wrong password, a taken name, a bad file, and a password given
 * on the command line. No output and no error ever holds a seed or a password.
 */
class KeysCommandTest {
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;
  private Path keys;
  private Path pw;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void setUp() throws Exception {
    keys = dir.resolve("keys");
    pw = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** Creates {@code name} with PBKDF2 (EIP-2335's cost, under half a second). */
  private void create(String name, String role) {
    int code =
        run(
            "keys",
            "create",
            "--dir",
            keys.toString(),
            "--name",
            name,
            "--role",
            role,
            "--kdf",
            "pbkdf2",
            "--password-file",
            pw.toString());
    assertThat(code).as("create %s: %s", name, err).isZero();
  }

  private static Password password(String text) {
    return Password.wrap(text.toCharArray());
  }

  private KeyPair open(Path file, String password) throws Exception {
    return KeystoreFiles.read(file).decrypt(password(password));
  }

  // ---- create
  // -------------------------------------------------------------------------------------

  @Test
  void createWritesAnOwnerOnlyKeystoreThatOpensWithThePassword() throws Exception {
    create("alice", "client");
    Path file = keys.resolve("alice.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    KeyPair key = open(file, PASSWORD);
    Keystore k = KeystoreFiles.read(file);
    assertThat(k.role()).hasValue(Role.CLIENT);
    assertThat(k.name()).hasValue("alice");
    assertThat(k.created()).isPresent();
    assertThat(k.kdf()).isEqualTo(Kdf.pbkdf2Default());
    assertThat(out.toString())
        .contains("created key alice (client) in " + file)
        .contains("address:    " + key.address().hex())
        .doesNotContain(Hex.encode(key.seed()));
    assertThat(Files.readString(file)).doesNotContain(Hex.encode(key.seed()));
  }

  @Test
  void createUsesScryptUnlessToldOtherwise() throws Exception {
    int code =
        run(
            "keys",
            "create",
            "--dir",
            keys.toString(),
            "--name",
            "v0",
            "--role",
            "validator",
            "--password-file",
            pw.toString());
    assertThat(code).as("%s", err).isZero();
    assertThat(KeystoreFiles.read(keys.resolve("v0.json")).kdf()).isEqualTo(Kdf.scryptDefault());
    assertThat(open(keys.resolve("v0.json"), PASSWORD).publicKey()).isNotNull();
  }

  @Test
  void aTakenNameIsRefusedAndTheKeyKept() throws Exception {
    create("alice", "client");
    String before = Files.readString(keys.resolve("alice.json"));
    int code =
        run(
            "keys",
            "create",
            "--dir",
            keys.toString(),
            "--name",
            "alice",
            "--role",
            "client",
            "--password-file",
            pw.toString());
    assertThat(code).isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString())
        .contains("ledgerlab keys create: a key named 'alice' exists in " + keys);
    assertThat(Files.readString(keys.resolve("alice.json"))).isEqualTo(before);
  }

  @Test
  void aPasswordOnTheCommandLineIsRefusedWithoutEchoingIt() throws Exception {
    for (String[] args :
        new String[][] {
          {
            "keys",
            "create",
            "--dir",
            keys.toString(),
            "--name",
            "a",
            "--role",
            "client",
            "--password",
            "hunter2-secret"
          },
          {
            "keys",
            "create",
            "--dir",
            keys.toString(),
            "--name",
            "a",
            "--role",
            "client",
            "--password=hunter2-secret"
          },
          {
            "keys",
            "export",
            "--dir",
            keys.toString(),
            "a",
            "--out",
            "x.json",
            "--password-file",
            pw.toString(),
            "--new-password",
            "hunter2-secret"
          },
        }) {
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
      assertThat(err.toString())
          .contains("a password is never taken on the command line")
          .doesNotContain("hunter2-secret");
      assertThat(out.toString()).doesNotContain("hunter2-secret");
    }
    assertThat(keys.resolve("a.json")).doesNotExist();
  }

  @Test
  void withoutAPasswordSourceOrATerminalItSaysWhereToGiveOne() {
    int code = run("keys", "create", "--dir", keys.toString(), "--name", "a", "--role", "agent");
    assertThat(code).isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString())
        .contains("no terminal to ask for the password on")
        .contains("give --password-file FILE or --password-env VAR");
    assertThat(keys.resolve("a.json")).doesNotExist();
  }

  @Test
  void badNamesRolesAndPasswordFilesAreNamed() throws Exception {
    assertThat(
            run(
                "keys",
                "create",
                "--dir",
                keys.toString(),
                "--name",
                "../x",
                "--role",
                "client",
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("a key name is 1-64 letters");
    assertThat(
            run(
                "keys",
                "create",
                "--dir",
                keys.toString(),
                "--name",
                "x",
                "--role",
                "admin",
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--role").contains("admin");
    Path empty = Files.writeString(dir.resolve("empty"), "");
    assertThat(
            run(
                "keys",
                "create",
                "--dir",
                keys.toString(),
                "--name",
                "x",
                "--role",
                "client",
                "--password-file",
                empty.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains("password file " + empty + ": holds no password");
    assertThat(
            run(
                "keys",
                "create",
                "--dir",
                keys.toString(),
                "--name",
                "x",
                "--role",
                "client",
                "--password-file",
                pw.toString(),
                "--password-env",
                "PW"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--password-file and --password-env: give one, not both");
  }

  // ---- import
  // -------------------------------------------------------------------------------------

  @Test
  void importEncryptsAHexSeedUnderThePassword() throws Exception {
    KeyPair key = KeyPair.generate(SeededEntropy.of(5));
    Path seed = Files.writeString(dir.resolve("bob.hex"), Hex.encode(key.seed()) + "\n");
    int code =
        run(
            "keys",
            "import",
            "--dir",
            keys.toString(),
            "--name",
            "bob",
            "--role",
            "validator",
            "--kdf",
            "pbkdf2",
            "--password-file",
            pw.toString(),
            seed.toString());
    assertThat(code).as("%s", err).isZero();
    assertThat(open(keys.resolve("bob.json"), PASSWORD).publicKey()).isEqualTo(key.publicKey());
    assertThat(KeystoreFiles.read(keys.resolve("bob.json")).role()).hasValue(Role.VALIDATOR);
    assertThat(out.toString()).doesNotContain(Hex.encode(key.seed()));

    assertThat(
            run(
                "keys",
                "import",
                "--dir",
                keys.toString(),
                "--name",
                "bob2",
                "--password-file",
                pw.toString(),
                seed.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--role: a hex seed carries no role; give one");
  }

  @Test
  void importOpensAKeystoreAndKeepsItsRole() throws Exception {
    KeyPair key = KeyPair.generate(SeededEntropy.of(6));
    Path source = dir.resolve("from-elsewhere.json");
    KeystoreFiles.write(
        Keystore.encrypt(
            key,
            password(PASSWORD),
            new Kdf.Pbkdf2(64),
            Label.of("ops-1", Role.OPERATOR, "an operator"),
            SeededEntropy.of(7)),
        source,
        false);
    int code =
        run(
            "keys",
            "import",
            "--dir",
            keys.toString(),
            "--name",
            "carol",
            "--password-file",
            pw.toString(),
            source.toString());
    assertThat(code).as("%s", err).isZero();
    Keystore imported = KeystoreFiles.read(keys.resolve("carol.json"));
    assertThat(imported.role()).hasValue(Role.OPERATOR);
    assertThat(imported.name()).hasValue("carol");
    assertThat(imported.kdf()).as("the keystore's own KDF").isEqualTo(new Kdf.Pbkdf2(64));
    assertThat(open(keys.resolve("carol.json"), PASSWORD).publicKey()).isEqualTo(key.publicKey());

    Path wrong = Files.writeString(dir.resolve("wrong"), "not it");
    assertThat(
            run(
                "keys",
                "import",
                "--dir",
                keys.toString(),
                "--name",
                "dave",
                "--password-file",
                wrong.toString(),
                source.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString())
        .contains("wrong password for keystore ops-1 (" + source + ")")
        .doesNotContain("not it")
        .doesNotContain(PASSWORD);
    assertThat(
            run(
                "keys",
                "import",
                "--dir",
                keys.toString(),
                "--name",
                "dave",
                "--role",
                "client",
                "--password-file",
                pw.toString(),
                source.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString())
        .contains("--role client: the keystore says the key's role is operator");
    assertThat(keys.resolve("dave.json")).doesNotExist();
  }

  @Test
  void importRefusesBadFilesByName() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.hex"), "not a seed");
    assertThat(
            run(
                "keys",
                "import",
                "--dir",
                keys.toString(),
                "--name",
                "j",
                "--role",
                "client",
                "--password-file",
                pw.toString(),
                junk.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains(junk + ": expected 64 hex characters");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"crypto\": ");
    assertThat(
            run(
                "keys",
                "import",
                "--dir",
                keys.toString(),
                "--name",
                "j",
                "--password-file",
                pw.toString(),
                broken.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains(broken + ": not JSON at line 1");
    assertThat(
            run(
                "keys",
                "import",
                "--dir",
                keys.toString(),
                "--name",
                "j",
                "--role",
                "client",
                "--password-file",
                pw.toString(),
                dir.resolve("absent").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("absent: no such file");
  }

  // ---- export
  // -------------------------------------------------------------------------------------

  @Test
  void exportPublicNeedsNoPasswordAndShowsNoSecret() throws Exception {
    create("alice", "client");
    KeyPair key = open(keys.resolve("alice.json"), PASSWORD);
    assertThat(run("keys", "export", "--dir", keys.toString(), "alice", "--public")).isZero();
    assertThat(out.toString())
        .contains("public key: " + key.publicKey().hex())
        .contains("address:    " + key.address().hex())
        .contains("role:       client")
        .doesNotContain(Hex.encode(key.seed()));
  }

  @Test
  void exportReencryptsACopyUnderANewPassword() throws Exception {
    create("alice", "client");
    KeyPair key = open(keys.resolve("alice.json"), PASSWORD);
    Path newPw = Files.writeString(dir.resolve("new-pw"), "a new one");
    Path copy = dir.resolve("alice-copy.json");
    int code =
        run(
            "keys",
            "export",
            "--dir",
            keys.toString(),
            "alice",
            "--out",
            copy.toString(),
            "--kdf",
            "pbkdf2",
            "--password-file",
            pw.toString(),
            "--new-password-file",
            newPw.toString());
    assertThat(code).as("%s", err).isZero();
    assertThat(open(copy, "a new one").publicKey()).isEqualTo(key.publicKey());
    assertThatThrownBy(() -> open(copy, PASSWORD)).hasMessageContaining("wrong password");
    assertThat(KeystoreFiles.read(copy).uuid())
        .isNotEqualTo(KeystoreFiles.read(keys.resolve("alice.json")).uuid());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
  }

  @Test
  void exportRefusesAWrongPasswordAnExistingFileAndAmbiguousAsks() throws Exception {
    create("alice", "client");
    Path wrong = Files.writeString(dir.resolve("wrong"), "wrong-password-xyz");
    Path copy = dir.resolve("copy.json");
    assertThat(
            run(
                "keys",
                "export",
                "--dir",
                keys.toString(),
                "alice",
                "--out",
                copy.toString(),
                "--password-file",
                wrong.toString(),
                "--new-password-file",
                pw.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString())
        .contains("wrong password for keystore alice (")
        .doesNotContain("wrong-password-xyz");
    assertThat(copy).doesNotExist();
    Files.writeString(copy, "mine");
    assertThat(
            run(
                "keys",
                "export",
                "--dir",
                keys.toString(),
                "alice",
                "--out",
                copy.toString(),
                "--password-file",
                pw.toString(),
                "--new-password-file",
                pw.toString()))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains(copy + ": exists; not replaced");
    assertThat(run("keys", "export", "--dir", keys.toString(), "alice")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("give --public or --out FILE, one of them");
    assertThat(run("keys", "export", "--dir", keys.toString(), "nobody", "--public"))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains("no key named 'nobody' in " + keys);
  }

  // ---- list, rotate, revoke
  // -----------------------------------------------------------------------

  @Test
  void rotateKeepsTheOldKeyAsRevokedAndRecordsItsReplacement() throws Exception {
    create("alice", "validator");
    KeyPair old = open(keys.resolve("alice.json"), PASSWORD);
    Path pw2 = Files.writeString(dir.resolve("pw2"), "second password");
    int code =
        run(
            "keys",
            "rotate",
            "--dir",
            keys.toString(),
            "alice",
            "--kdf",
            "pbkdf2",
            "--password-file",
            pw2.toString());
    assertThat(code).as("%s", err).isZero();
    KeyPair fresh = open(keys.resolve("alice.json"), "second password");
    assertThat(fresh.publicKey()).isNotEqualTo(old.publicKey());
    assertThat(KeystoreFiles.read(keys.resolve("alice.json")).role()).hasValue(Role.VALIDATOR);
    Path kept = keys.resolve("revoked/alice-" + old.address().hex() + ".json");
    assertThat(open(kept, PASSWORD).publicKey())
        .as("the old keystore, unchanged")
        .isEqualTo(old.publicKey());

    assertThat(run("keys", "list", "--dir", keys.toString())).isZero();
    assertThat(out.toString())
        .contains("NAME")
        .containsPattern("alice +validator +" + fresh.address().hex() + " +\\S+ +no")
        .containsPattern(
            "alice +validator +"
                + old.address().hex()
                + " +\\S+ +\\S+ \\(rotated; replaced by "
                + fresh.address().hex()
                + "\\)");
  }

  @Test
  void revokeNeedsNoPasswordAndTheListSaysWhy() throws Exception {
    create("bob", "client");
    create("carol", "deployer");
    KeyPair bob = open(keys.resolve("bob.json"), PASSWORD);
    assertThat(run("keys", "revoke", "--dir", keys.toString(), "bob", "--reason", "laptop lost"))
        .isZero();
    assertThat(keys.resolve("bob.json")).doesNotExist();
    assertThat(run("keys", "list", "--dir", keys.toString())).isZero();
    String listing = out.toString();
    assertThat(listing)
        .containsPattern("carol +deployer +\\S{40} +\\S+ +no")
        .containsPattern("bob +client +" + bob.address().hex() + " +\\S+ +\\S+ \\(laptop lost\\)")
        .doesNotContain(Hex.encode(bob.seed()));
    assertThat(run("keys", "revoke", "--dir", keys.toString(), "bob"))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains("no key named 'bob'");
    assertThat(run("keys", "export", "--dir", keys.toString(), "bob", "--public"))
        .isEqualTo(KeysCommand.REFUSED);
  }

  @Test
  void theSameKeyRevokedTwiceUnderOneNameIsRefusedAndKeptInService() throws Exception {
    KeyPair key = KeyPair.generate(SeededEntropy.of(8));
    Path seed = Files.writeString(dir.resolve("s.hex"), Hex.encode(key.seed()));
    String[] importIt = {
      "keys",
      "import",
      "--dir",
      keys.toString(),
      "--name",
      "erin",
      "--role",
      "client",
      "--kdf",
      "pbkdf2",
      "--password-file",
      pw.toString(),
      seed.toString()
    };
    assertThat(run(importIt)).isZero();
    assertThat(run("keys", "revoke", "--dir", keys.toString(), "erin")).isZero();
    assertThat(run(importIt)).isZero();
    assertThat(run("keys", "revoke", "--dir", keys.toString(), "erin"))
        .isEqualTo(KeysCommand.REFUSED);
    assertThat(err.toString()).contains("this key of 'erin' was revoked before; nothing changed");
    assertThat(keys.resolve("erin.json")).exists();
  }

  @Test
  void listNamesABadFileButStillListsTheRest() throws Exception {
    create("alice", "client");
    Files.writeString(keys.resolve("broken.json"), "{\"version\": 4}");
    assertThat(run("keys", "list", "--dir", keys.toString())).isEqualTo(KeysCommand.REFUSED);
    assertThat(out.toString()).contains("alice");
    assertThat(err.toString()).contains(keys.resolve("broken.json") + ": crypto: missing");
    try (Stream<Path> files = Files.list(keys)) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void anEmptyDirectoryListsNothing() {
    assertThat(run("keys", "list", "--dir", keys.toString())).isZero();
    assertThat(out.toString()).contains("(no keys in " + keys + ")");
  }
}
