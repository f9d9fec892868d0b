package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.hermetic.feed.Feed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab feed} and {@code ledgerlab agent} as an operator meets them: where the keys go,
 * and each mistake refused with its reason, its place and its exit code — nothing half-done.
 */
class FeedCommandTest {
  @TempDir Path dir;
  private Path feed;
  private Path offline;
  private Path pw;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void init() throws Exception {
    feed = dir.resolve("feed");
    offline = dir.resolve("offline");
    pw = Files.writeString(dir.resolve("pw"), "operator secret\n");
    assertThat(
            run(
                "feed",
                "init",
                feed.toString(),
                "--offline-keys",
                offline.toString(),
                "--kdf",
                "pbkdf2",
                "--password-file",
                pw.toString()))
        .as("%s", err)
        .isZero();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void theOfflineKeysAreNotBesideTheOnlineOnes() throws Exception {
    assertThat(offline.resolve("root-1.json")).exists();
    assertThat(offline.resolve("root-2.json")).exists();
    assertThat(offline.resolve("targets.json")).exists();
    assertThat(feed.resolve("keys/snapshot.json")).exists();
    assertThat(feed.resolve("keys/timestamp.json")).exists();
    try (Stream<Path> online = Files.list(feed.resolve("keys"))) {
      assertThat(online.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("snapshot.json", "timestamp.json");
    }
    assertThat(out.toString()).contains("offline:    " + offline.toAbsolutePath());

    // The targets key is not online: signing needs the offline directory.
    Files.writeString(dir.resolve("a.txt"), "a\n");
    assertThat(run("feed", "add", feed.toString(), "--file", dir.resolve("a.txt").toString()))
        .isZero();
    assertThat(
            run(
                "feed",
                "sign",
                feed.toString(),
                "--role",
                "targets",
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("holds the targets key");
    assertThat(
            run(
                "feed",
                "sign",
                feed.toString(),
                "--role",
                "targets",
                "--keys",
                offline.toString(),
                "--password-file",
                pw.toString()))
        .as("%s", err)
        .isZero();
    assertThat(run("feed", "publish", feed.toString(), "--password-file", pw.toString()))
        .as("%s", err)
        .isZero();
    assertThat(out.toString()).contains("published: root 1, targets 2, snapshot 2, timestamp 2");
  }

  @Test
  void lifetimesAndExpiriesTakeDays() throws Exception {
    Path other = dir.resolve("other");
    assertThat(
            run(
                "feed",
                "init",
                other.toString(),
                "--kdf",
                "pbkdf2",
                "--expires",
                "timestamp=2d",
                "--expires",
                "root=400d",
                "--password-file",
                pw.toString()))
        .as("%s", err)
        .isZero();
    assertThat(Feed.open(other).expiries().timestamp()).isEqualTo(java.time.Duration.ofDays(2));
    assertThat(Feed.open(other).expiries().root()).isEqualTo(java.time.Duration.ofDays(400));
    Path logs =
        Files.writeString(
            dir.resolve("logs.json"),
            "{\"id\": \"l\", \"kind\": \"collect-logs\", \"last\": \"10m\"}");
    assertThat(
            run(
                "feed",
                "add",
                other.toString(),
                "--instruction",
                logs.toString(),
                "--expires",
                "2d"))
        .as("%s", err)
        .isZero();
    assertThat(out.toString()).contains("added instruction l (collect-logs), expires ");
    assertThat(Files.readString(other.resolve("content.json"))).contains("\"expires\"");
  }

  @Test
  void contentAddedButNotSignedIsNotPublishedSilently() throws Exception {
    Path logs =
        Files.writeString(
            dir.resolve("logs.json"),
            "{\"id\": \"l\", \"kind\": \"collect-logs\", \"last\": \"10m\"}");
    assertThat(run("feed", "add", feed.toString(), "--instruction", logs.toString())).isZero();
    assertThat(run("feed", "status", feed.toString())).isZero();
    assertThat(out.toString()).contains("unsigned: instructions/l.json (new)");
    assertThat(run("feed", "publish", feed.toString(), "--password-file", pw.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString())
        .contains("differs from the targets signed (instructions/l.json (new))")
        .contains("feed sign --role targets");
  }

  @Test
  void aKeyTheRootDoesNotNameSignsNothing() throws Exception {
    Path logs =
        Files.writeString(
            dir.resolve("logs.json"),
            "{\"id\": \"l\", \"kind\": \"collect-logs\", \"last\": \"10m\"}");
    run("feed", "add", feed.toString(), "--instruction", logs.toString());
    assertThat(
            run(
                "feed",
                "sign",
                feed.toString(),
                "--role",
                "targets",
                "--key",
                "root-1",
                "--keys",
                offline.toString(),
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("is not the targets key of root version 1");
  }

  @Test
  void aCommandThatAddsSeveralAddsNoneWhenOneIsWrong() throws Exception {
    Path good =
        Files.writeString(
            dir.resolve("good.json"),
            "{\"id\": \"g\", \"kind\": \"collect-logs\", \"last\": \"10m\"}");
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"id\": \"b\", \"kind\": \"reboot\"}");
    assertThat(
            run(
                "feed",
                "add",
                feed.toString(),
                "--instruction",
                good.toString(),
                "--instruction",
                bad.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(feed.resolve("content/instructions/g.json")).doesNotExist();
  }

  @Test
  void aListenAddressThatIsNotOneIsSaidSo() {
    assertThat(run("feed", "serve", feed.toString(), "--listen", "127.0.0.1:99999"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--listen: expected HOST:PORT with a port up to 65535");
    assertThat(run("feed", "serve", feed.toString(), "--listen", "127.0.0.1:abc"))
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aSecondInitIsRefused() {
    assertThat(
            run(
                "feed",
                "init",
                feed.toString(),
                "--offline-keys",
                dir.resolve("o2").toString(),
                "--kdf",
                "pbkdf2",
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("is a feed already (feed.json exists)");
  }

  @Test
  void anInstructionWithATypoIsRefusedWithItsPlace() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.json"),
            "{\"id\": \"x\", \"kind\": \"collect-logs\",\n \"lst\": \"10m\"}\n");
    assertThat(run("feed", "add", feed.toString(), "--instruction", bad.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains(bad + ":2:2: lst: unknown key for kind collect-logs");
    assertThat(feed.resolve("content/instructions/x.json")).doesNotExist();
  }

  @Test
  void onlyTargetsAndRootAreSignedByHand() {
    assertThat(
            run(
                "feed",
                "sign",
                feed.toString(),
                "--role",
                "snapshot",
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("snapshot and timestamp are signed by publish");
    assertThat(
            run(
                "feed",
                "sign",
                feed.toString(),
                "--role",
                "root",
                "--key",
                "root-1",
                "--keys",
                offline.toString(),
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).contains("no root change is staged");
  }

  @Test
  void aRootSignedByTooFewKeysIsNotPublished() throws Exception {
    assertThat(
            run(
                "feed",
                "rotate",
                feed.toString(),
                "--keys",
                offline.toString(),
                "--root-threshold",
                "1",
                "--password-file",
                pw.toString()))
        .as("%s", err)
        .isZero();
    assertThat(
            run(
                "feed",
                "sign",
                feed.toString(),
                "--role",
                "root",
                "--key",
                "root-1",
                "--keys",
                offline.toString(),
                "--password-file",
                pw.toString()))
        .isZero();
    byte[] root = Files.readAllBytes(feed.resolve("repo/metadata/root.json"));
    assertThat(run("feed", "publish", feed.toString(), "--password-file", pw.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString())
        .contains("THRESHOLD")
        .contains("1 valid signature(s) by the current root (version 1)'s keys, threshold 2");
    assertThat(feed.resolve("repo/metadata/root.json")).hasBinaryContent(root);
    assertThat(feed.resolve("repo/metadata/2.root.json")).doesNotExist();
  }

  @Test
  void aWrongPasswordSignsNothing() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong"), "not it\n");
    Files.writeString(dir.resolve("a.txt"), "a\n");
    run("feed", "add", feed.toString(), "--file", dir.resolve("a.txt").toString());
    assertThat(
            run(
                "feed",
                "sign",
                feed.toString(),
                "--role",
                "targets",
                "--keys",
                offline.toString(),
                "--password-file",
                wrong.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString()).containsIgnoringCase("password");
    assertThat(feed.resolve("staged/targets.json")).doesNotExist();
  }

  @Test
  void aFeedAnotherCommandHoldsIsLeftAlone() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a\n");
    try (FileChannel ch =
            FileChannel.open(
                feed.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      // The same JVM holds it here; another process holding it is refused the same way.
      assertThat(run("feed", "add", feed.toString(), "--file", dir.resolve("a.txt").toString()))
          .isEqualTo(ExitCode.CHECK_FAILED);
      assertThat(err.toString()).contains("another feed command is changing");
    }
    assertThat(feed.resolve("content/files/a.txt")).doesNotExist();
  }

  @Test
  void anUploadChangedAfterTheAgentSignedItIsRefused() throws Exception {
    Path keys = dir.resolve("agent-keys");
    assertThat(
            run(
                "keys",
                "create",
                "--dir",
                keys.toString(),
                "--name",
                "agent",
                "--role",
                "agent",
                "--kdf",
                "pbkdf2",
                "--password-file",
                pw.toString()))
        .isZero();
    io.ledgerlab.ledger.crypto.KeyPair agent;
    try (var p =
        io.ledgerlab.ledger.crypto.keystore.Password.wrap("operator secret".toCharArray())) {
      agent = io.ledgerlab.node.keys.KeystoreFiles.read(keys.resolve("agent.json")).decrypt(p);
    }
    String id = new io.ledgerlab.hermetic.tuf.Key(agent.publicKey()).id();
    Path upload =
        Feed.open(feed).uploads().resolve(id).resolve("run-1").resolve("0123456789abcdef");
    Files.createDirectories(upload);
    Files.writeString(upload.resolve("summary.json"), "{\"verdict\": \"VALID\"}\n");
    io.ledgerlab.hermetic.feed.Uploads.sign(
        upload, agent, "run-1", "00".repeat(32), "done", "verdict VALID", java.time.Instant.now());
    String key = keys.resolve("agent.json").toString();

    assertThat(run("feed", "uploads", feed.toString(), "--agent-key", key)).isZero();
    assertThat(out.toString()).contains("VERIFIED run-1");

    // The same length, other bytes: only the hash can tell.
    Files.writeString(upload.resolve("summary.json"), "{\"verdict\": \"FALSE\"}\n");
    assertThat(run("feed", "uploads", feed.toString(), "--agent-key", key))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(out.toString())
        .contains("REFUSED  run-1/0123456789abcdef")
        .contains("HASH_MISMATCH");
  }

  @Test
  void anAgentNeedsItsRootAndAnAgentKey() throws Exception {
    Path keys = dir.resolve("agent-keys");
    run(
        "keys",
        "create",
        "--dir",
        keys.toString(),
        "--name",
        "client",
        "--role",
        "client",
        "--kdf",
        "pbkdf2",
        "--password-file",
        pw.toString());
    assertThat(
            run(
                "agent",
                "--feed",
                "http://127.0.0.1:9/",
                "--state",
                dir.resolve("s").toString(),
                "--key",
                keys.resolve("client.json").toString(),
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--root: a new agent needs the feed's 1.root.json");
    assertThat(
            run(
                "agent",
                "--feed",
                "http://127.0.0.1:9/",
                "--state",
                dir.resolve("s").toString(),
                "--root",
                feed.resolve("repo/metadata/1.root.json").toString(),
                "--key",
                keys.resolve("client.json").toString(),
                "--password-file",
                pw.toString()))
        .isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(err.toString())
        .contains("is a key of role client; the agent signs with a key of role agent");
  }
}
