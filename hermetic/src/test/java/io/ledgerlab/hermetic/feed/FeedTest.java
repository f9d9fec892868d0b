package io.ledgerlab.hermetic.feed;

import static io.ledgerlab.hermetic.feed.FeedFixture.AGENT;
import static io.ledgerlab.hermetic.feed.FeedFixture.ROOT_1;
import static io.ledgerlab.hermetic.feed.FeedFixture.ROOT_2;
import static io.ledgerlab.hermetic.feed.FeedFixture.SNAPSHOT;
import static io.ledgerlab.hermetic.feed.FeedFixture.TARGETS;
import static io.ledgerlab.hermetic.feed.FeedFixture.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.hermetic.tuf.Key;
import io.ledgerlab.hermetic.tuf.Role;
import io.ledgerlab.hermetic.tuf.TargetFile;
import io.ledgerlab.hermetic.tuf.Updater;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's feed, checked the way an agent would check it: every publication is read back by
 * the TUF client from {@code repo/}, and every refusal leaves the repository as it was.
 */
class FeedTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final String RUN =
      "{\"id\": \"run-1\", \"kind\": \"run\", \"scenario\": \"files/quickstart.yaml\"}";

  @TempDir Path tmp;
  private Feed feed;

  @BeforeEach
  void init() throws Exception {
    feed = FeedFixture.init(tmp.resolve("feed"), NOW);
  }

  private Updater client(String name) throws IOException {
    return FeedFixture.client(
        feed, tmp.resolve(name), Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
  }

  /** Every file of the repository with its bytes' hash: what a refusal must leave unchanged. */
  private Map<String, String> repoFiles() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(feed.repo())) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        out.put(feed.repo().relativize(f).toString(), Sha256.hash(Files.readAllBytes(f)).hex());
      }
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- init ------------------------------------------------------------------------------------

  @Test
  void initPublishesVersionOneOfEveryRoleAndAClientVerifiesIt() throws Exception {
    assertThat(repoFiles())
        .containsOnlyKeys(
            "metadata/1.root.json",
            "metadata/root.json",
            "metadata/1.targets.json",
            "metadata/1.snapshot.json",
            "metadata/timestamp.json");
    Updater.Trusted t = client("client").refresh();
    assertThat(t.root().version()).isEqualTo(1);
    assertThat(t.targets().version()).isEqualTo(1);
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(t.timestamp().version()).isEqualTo(1);
    assertThat(t.targets().targets()).isEmpty();
    assertThat(t.root().role(Role.ROOT).threshold()).isEqualTo(2);
    assertThat(t.root().role(Role.ROOT).keyIds()).containsExactly(id(ROOT_1), id(ROOT_2));
    assertThat(t.root().role(Role.TARGETS).keyIds()).containsExactly(id(TARGETS));
    assertThat(t.root().role(Role.SNAPSHOT).keyIds()).containsExactly(id(SNAPSHOT));
    assertThat(t.root().role(Role.TIMESTAMP).keyIds()).containsExactly(id(TIMESTAMP));
    assertThat(t.timestamp().expires()).isEqualTo(NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void initRefusesADirectoryThatIsAFeedAlready() {
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> FeedFixture.init(tmp.resolve("feed"), NOW));
    assertThat(e).hasMessageContaining("is a feed already");
  }

  @Test
  void aPublishedInstructionAndItsFileReachTheClientVerified() throws Exception {
    feed.addFile("files/quickstart.yaml", utf8("name: quick\n"));
    feed.addInstruction(utf8(RUN), "run-1.json");
    Feed.Publication p = FeedFixture.signAndPublish(feed, NOW);
    assertThat(List.of(p.root(), p.targets(), p.snapshot(), p.timestamp()))
        .containsExactly(1L, 2L, 2L, 2L);
    assertThat(p.paths())
        .containsExactlyInAnyOrder("files/quickstart.yaml", "instructions/run-1.json");

    Updater client = client("client");
    Updater.Trusted t = client.refresh();
    assertThat(t.targets().version()).isEqualTo(2);
    TargetFile instruction = t.targets().targets().get("instructions/run-1.json");
    assertThat(Feed.instructionOf("instructions/run-1.json", instruction))
        .contains(
            new Feed.InstructionRef(
                "instructions/run-1.json",
                "run-1",
                "run",
                1,
                Sha256.hash(utf8(RUN)).hex(),
                Map.of("files/quickstart.yaml", Sha256.hash(utf8("name: quick\n")).hex()),
                Optional.empty()));
    assertThat(client.target("instructions/run-1.json")).isEqualTo(utf8(RUN));
    assertThat(client.target("files/quickstart.yaml")).isEqualTo(utf8("name: quick\n"));
  }

  // ---- addFile, addInstruction -----------------------------------------------------------------

  @Test
  void aFileOutsideTheFeedOrAmongInstructionsIsRefused() {
    for (String path : List.of("../x", "files/../../x", "/etc/passwd", "instructions/x.json")) {
      FeedException e =
          catchThrowableOfType(FeedException.class, () -> feed.addFile(path, utf8("x")));
      assertThat(e).as(path).hasMessageContaining("got '" + path + "'");
    }
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void anInstructionIdIsAddedOnce() throws Exception {
    feed.addInstruction(
        utf8("{\"id\": \"logs\", \"kind\": \"collect-logs\", \"last\": \"1m\"}"), "a.json");
    FeedException e =
        catchThrowableOfType(
            FeedException.class,
            () ->
                feed.addInstruction(
                    utf8("{\"id\": \"logs\", \"kind\": \"collect-logs\", \"last\": \"5m\"}"),
                    "b.json"));
    assertThat(e).hasMessage("b.json: id logs is in the feed already; agents run an id once");
    // The first one stands, unchanged.
    assertThat(feed.dir().resolve("content/instructions/logs.json"))
        .hasContent("{\"id\": \"logs\", \"kind\": \"collect-logs\", \"last\": \"1m\"}");
  }

  @Test
  void anInstructionNamingAFileNotAddedIsRefused() {
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.addInstruction(utf8(RUN), "r.json"));
    assertThat(e)
        .hasMessage(
            "r.json: files/quickstart.yaml is not in the feed; add it first (feed add --file)");
    assertThat(feed.dir().resolve("content/instructions/run-1.json")).doesNotExist();
  }

  @Test
  void aBadInstructionIsRefusedWithItsPlace() {
    InstructionException e =
        catchThrowableOfType(
            InstructionException.class,
            () -> feed.addInstruction(utf8("{\"id\": \"x\", \"kind\": \"nap\"}"), "x.json"));
    assertThat(e).hasMessageStartingWith("x.json:1:13: kind: expected one of");
  }

  @Test
  void instructionsAreNumberedInTheOrderTheyAreAdded() throws Exception {
    for (String id : List.of("zeta", "alpha", "mid")) {
      feed.addInstruction(
          utf8("{\"id\": \"" + id + "\", \"kind\": \"collect-logs\", \"last\": \"1m\"}"),
          id + ".json");
    }
    FeedFixture.signAndPublish(feed, NOW);
    Updater.Trusted t = client("client").refresh();
    Map<String, Long> seq = new TreeMap<>();
    t.targets()
        .targets()
        .forEach((p, f) -> Feed.instructionOf(p, f).ifPresent(r -> seq.put(r.id(), r.seq())));
    assertThat(seq).isEqualTo(Map.of("zeta", 1L, "alpha", 2L, "mid", 3L));
  }

  // ---- publish ---------------------------------------------------------------------------------

  @Test
  void targetsSignedByAKeyThatIsNotTheTargetsKeyAreNotPublished() throws Exception {
    Map<String, String> before = repoFiles();
    feed.addInstruction(
        utf8("{\"id\": \"logs\", \"kind\": \"collect-logs\", \"last\": \"1m\"}"), "l.json");
    assertThat(
            catchThrowableOfType(FeedException.class, () -> feed.sign(Role.TARGETS, SNAPSHOT, NOW)))
        .hasMessageContaining("is not the targets key of root version 1");
    // A staged file signed by another key anyway (by hand) is refused at publish too.
    feed.sign(Role.TARGETS, TARGETS, NOW);
    Path staged = feed.dir().resolve("staged/targets.json");
    byte[] signed = Files.readAllBytes(staged);
    Files.write(
        staged,
        io.ledgerlab.hermetic.tuf.Envelope.sign(
            (com.fasterxml.jackson.databind.node.ObjectNode)
                io.ledgerlab.hermetic.tuf.StrictJson.parse(signed, "t").get("signed"),
            List.of(SNAPSHOT)));
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, NOW));
    assertThat(e)
        .hasMessageContaining("THRESHOLD")
        .hasMessageContaining("0 valid signature(s) by targets's keys, threshold 1")
        .hasMessageEndingWith("sign it with the targets key (feed sign --role targets)");
    assertThat(repoFiles()).isEqualTo(before);

    // The right key added to the same staged file makes it publishable.
    feed.sign(Role.TARGETS, TARGETS, NOW);
    assertThat(feed.publish(SNAPSHOT, TIMESTAMP, NOW).targets()).isEqualTo(2);
    assertThat(client("client").refresh().targets().targets())
        .containsKey("instructions/logs.json");
  }

  @Test
  void onlineKeysThatAreNotTheRootsAreRefused() throws Exception {
    Map<String, String> before = repoFiles();
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.publish(TIMESTAMP, TIMESTAMP, NOW));
    assertThat(e).hasMessageStartingWith("the snapshot key given (" + id(TIMESTAMP) + ")");
    e = catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, AGENT, NOW));
    assertThat(e).hasMessageStartingWith("the timestamp key given (" + id(AGENT) + ")");
    e = catchThrowableOfType(FeedException.class, () -> feed.refresh(SNAPSHOT, SNAPSHOT, NOW));
    assertThat(e).hasMessageStartingWith("the timestamp key given (" + id(SNAPSHOT) + ")");
    assertThat(repoFiles()).isEqualTo(before);
  }

  @Test
  void onlyRootAndTargetsAreSignedOffline() {
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.sign(Role.TIMESTAMP, TIMESTAMP, NOW));
    assertThat(e).hasMessage("timestamp is signed online by publish, not by feed sign");
    e = catchThrowableOfType(FeedException.class, () -> feed.sign(Role.ROOT, ROOT_1, NOW));
    assertThat(e).hasMessage("no root change is staged; stage one with feed rotate");
  }

  @Test
  void aTargetChangedAfterSigningIsNotPublished() throws Exception {
    feed.addFile("files/quickstart.yaml", utf8("name: quick\n"));
    feed.sign(Role.TARGETS, TARGETS, NOW);
    feed.addFile("files/quickstart.yaml", utf8("name: evil\n"));
    Map<String, String> metadataBefore = metadata();
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, NOW));
    assertThat(e)
        .hasMessage("files/quickstart.yaml changed after targets was signed; sign targets again");
    assertThat(metadata()).isEqualTo(metadataBefore);
    assertThat(client("client").refresh().targets().version()).isEqualTo(1);

    // Signing again takes the content as it is now.
    FeedFixture.signAndPublish(feed, NOW);
    Updater again = client("again");
    again.refresh();
    assertThat(again.target("files/quickstart.yaml")).isEqualTo(utf8("name: evil\n"));
  }

  private Map<String, String> metadata() throws IOException {
    Map<String, String> all = repoFiles();
    all.keySet().removeIf(k -> !k.startsWith("metadata/"));
    return all;
  }

  @Test
  void publishingWithNothingStagedMakesANewSnapshotAndTimestampOnly() throws Exception {
    Feed.Publication p = feed.publish(SNAPSHOT, TIMESTAMP, NOW.plusSeconds(10));
    assertThat(p).isEqualTo(new Feed.Publication(1, 1, 2, 2, List.of()));
    Updater.Trusted t = client("client").refresh();
    assertThat(t.snapshot().version()).isEqualTo(2);
    assertThat(t.targets().version()).isEqualTo(1);
  }

  // ---- refresh --------------------------------------------------------------------------------

  @Test
  void refreshSignsANewSnapshotAndTimestampAndKeepsAgentsGoingPastTheSnapshotsExpiry()
      throws Exception {
    Updater client = client("client");
    client.refresh();
    Map<String, String> before = repoFiles();
    assertThat(feed.needsRefresh(NOW)).isFalse();
    assertThat(feed.needsRefresh(NOW.plus(Duration.ofHours(13)))).as("past half a day").isTrue();
    // Past the first snapshot's expiry (7 days), which a refresh does not need.
    Instant later = NOW.plus(Duration.ofHours(7 * 24 + 12));
    feed.refresh(SNAPSHOT, TIMESTAMP, later);
    Map<String, String> after = repoFiles();
    for (String f : before.keySet()) {
      if (f.equals("metadata/timestamp.json")) {
        assertThat(after.get(f)).as(f).isNotEqualTo(before.get(f));
      } else {
        assertThat(after.get(f)).as(f).isEqualTo(before.get(f));
      }
    }
    assertThat(after).containsKey("metadata/2.snapshot.json");
    // Eight days after init the first snapshot has expired; the refreshed one has not.
    Updater.Trusted t =
        FeedFixture.client(
                feed,
                tmp.resolve("client"),
                Clock.fixed(NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC))
            .refresh();
    assertThat(t.timestamp().version()).isEqualTo(2);
    assertThat(t.snapshot().version()).isEqualTo(2);
    assertThat(t.snapshot().expires()).isEqualTo(later.plus(Duration.ofDays(7)));
    assertThat(t.targets().version()).isEqualTo(1);
  }

  @Test
  void expiredTargetsAreNeitherRefreshedNorPublishedButSaid() throws Exception {
    Instant late = NOW.plus(Duration.ofDays(91));
    assertThat(feed.expiring(NOW)).as("fresh").isEmpty();
    assertThat(feed.expiring(NOW.plus(Duration.ofDays(85))))
        .anyMatch(l -> l.startsWith("the published targets expires at"));
    assertThat(feed.expiring(late)).anyMatch(l -> l.startsWith("the published targets expired at"));
    Map<String, String> before = repoFiles();
    assertThat(
            catchThrowableOfType(
                FeedException.class, () -> feed.refresh(SNAPSHOT, TIMESTAMP, late)))
        .hasMessageContaining("targets expired at");
    assertThat(
            catchThrowableOfType(
                FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, late)))
        .hasMessageContaining("sign them again (feed sign --role targets)");
    assertThat(repoFiles()).isEqualTo(before);
    // Signing them again renews them.
    feed.sign(Role.TARGETS, TARGETS, late);
    assertThat(feed.publish(SNAPSHOT, TIMESTAMP, late).targets()).isEqualTo(2);
  }

  @Test
  void aFileAnInstructionPinsCannotBeReplaced() throws Exception {
    feed.addFile("files/tally.jar", utf8("v2"));
    feed.addInstruction(
        utf8(
            "{\"id\": \"up\", \"kind\": \"upgrade-chaincode\", \"chainCode\": \"tally\","
                + " \"version\": 2, \"jar\": \"files/tally.jar\", \"activation\": \"+5\"}"),
        "up.json");
    assertThat(
            catchThrowableOfType(
                FeedException.class, () -> feed.addFile("files/tally.jar", utf8("evil"))))
        .hasMessage(
            "files/tally.jar is named by instruction up; add the new content under another path");
  }

  @Test
  void aSecondCommandWaitsItsTurnRatherThanWritingOverTheFirst() throws Exception {
    try (io.ledgerlab.runtime.disk.HeldLock held = feed.lock()) {
      assertThat(catchThrowableOfType(FeedException.class, () -> Feed.open(feed.dir()).lock()))
          .hasMessageContaining("another feed command is changing");
    }
    try (io.ledgerlab.runtime.disk.HeldLock again = feed.lock()) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void aStaleStagedRootIsNotPublished() throws Exception {
    feed.stageRoot(new Feed.RootChange(List.of(), List.of(), Optional.of(1), Map.of()), NOW);
    feed.sign(Role.ROOT, ROOT_1, NOW);
    feed.sign(Role.ROOT, ROOT_2, NOW);
    byte[] staged = Files.readAllBytes(feed.dir().resolve("staged/root.json"));
    assertThat(feed.publish(SNAPSHOT, TIMESTAMP, NOW).root()).isEqualTo(2);
    // The same version 2 staged again, after it was published.
    Files.write(feed.dir().resolve("staged/root.json"), staged);
    Map<String, String> before = repoFiles();
    assertThat(
            catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, NOW)))
        .hasMessageContaining("the staged root is version 2 and the published one 2");
    assertThat(repoFiles()).isEqualTo(before);
  }

  // ---- Root rotation ---------------------------------------------------------------------------

  private static final KeyPair ROOT_3 = FeedFixture.key(13);

  /** Root keys 1 and 2 become 1 and 3, threshold 2. */
  private Feed.RootChange replaceRoot2With3() {
    return new Feed.RootChange(
        List.of(new Key(ROOT_3.publicKey())), List.of(id(ROOT_2)), Optional.empty(), Map.of());
  }

  @Test
  void aRootSignedByOneOfTwoRootKeysIsNotPublished() throws Exception {
    Map<String, String> before = repoFiles();
    feed.stageRoot(replaceRoot2With3(), NOW);
    feed.sign(Role.ROOT, ROOT_1, NOW);
    feed.sign(Role.ROOT, ROOT_3, NOW);
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, NOW));
    assertThat(e)
        .hasMessageContaining("1 valid signature(s) by the current root (version 1)'s keys")
        .hasMessageEndingWith("sign it with more root keys (feed sign --role root --key NAME)");
    assertThat(repoFiles()).isEqualTo(before);
    assertThat(feed.staged()).containsExactly(Role.ROOT);
    assertThat(client("client").refresh().root().version()).isEqualTo(1);
  }

  @Test
  void aRootNotSignedByAThresholdOfItsOwnKeysIsNotPublished() throws Exception {
    Map<String, String> before = repoFiles();
    feed.stageRoot(replaceRoot2With3(), NOW);
    feed.sign(Role.ROOT, ROOT_1, NOW);
    feed.sign(Role.ROOT, ROOT_2, NOW);
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, NOW));
    assertThat(e).hasMessageContaining("1 valid signature(s) by the new root's keys, threshold 2");
    assertThat(repoFiles()).isEqualTo(before);
  }

  @Test
  void aRootSignedByOldAndNewThresholdsIsPublishedAndAClientWalksIt() throws Exception {
    Updater client = client("client");
    client.refresh();
    feed.stageRoot(replaceRoot2With3(), NOW);
    feed.sign(Role.ROOT, ROOT_1, NOW);
    feed.sign(Role.ROOT, ROOT_2, NOW);
    feed.sign(Role.ROOT, ROOT_3, NOW);
    Feed.Publication p = feed.publish(SNAPSHOT, TIMESTAMP, NOW);
    assertThat(p.root()).isEqualTo(2);
    assertThat(feed.staged()).isEmpty();
    assertThat(feed.repo().resolve("metadata/2.root.json"))
        .hasSameBinaryContentAs(feed.repo().resolve("metadata/root.json"));

    Updater.Trusted t = client.refresh();
    assertThat(t.root().version()).isEqualTo(2);
    assertThat(t.root().role(Role.ROOT).keyIds()).containsExactly(id(ROOT_1), id(ROOT_3));
    // Root key 2 left the root: no role uses it any more.
    assertThat(t.root().keys()).doesNotContainKey(id(ROOT_2));
    assertThat(tmp.resolve("client/root.json"))
        .hasSameBinaryContentAs(feed.repo().resolve("metadata/2.root.json"));
    // A client provisioned with version 1 only walks to 2 as well.
    assertThat(client("fresh").refresh().root().version()).isEqualTo(2);
  }

  @Test
  void aRotatedTimestampKeyTakesEffectWithTheRootThatNamesIt() throws Exception {
    KeyPair newTimestamp = FeedFixture.key(15);
    Updater client = client("client");
    client.refresh();
    feed.stageRoot(
        new Feed.RootChange(
            List.of(),
            List.of(),
            Optional.empty(),
            Map.of(Role.TIMESTAMP, new Key(newTimestamp.publicKey()))),
        NOW);
    feed.sign(Role.ROOT, ROOT_1, NOW);
    feed.sign(Role.ROOT, ROOT_2, NOW);
    Map<String, String> before = repoFiles();

    // The old timestamp key no longer signs for the root being published: nothing is published,
    // and the rotation stays staged for a publish with the right key.
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, NOW));
    assertThat(e).hasMessageStartingWith("the timestamp key given (" + id(TIMESTAMP) + ")");
    assertThat(repoFiles()).isEqualTo(before);
    assertThat(feed.staged()).containsExactly(Role.ROOT);

    assertThat(feed.publish(SNAPSHOT, newTimestamp, NOW).root()).isEqualTo(2);
    Updater.Trusted t = client.refresh();
    assertThat(t.root().version()).isEqualTo(2);
    assertThat(t.root().role(Role.TIMESTAMP).keyIds()).containsExactly(id(newTimestamp));
    assertThat(t.root().keys()).doesNotContainKey(id(TIMESTAMP));
  }

  @Test
  void aRotatedTargetsKeyNeedsTargetsSignedByIt() throws Exception {
    KeyPair newTargets = FeedFixture.key(16);
    feed.addInstruction(
        utf8("{\"id\": \"logs\", \"kind\": \"collect-logs\", \"last\": \"1m\"}"), "l.json");
    FeedFixture.signAndPublish(feed, NOW);
    feed.stageRoot(
        new Feed.RootChange(
            List.of(),
            List.of(),
            Optional.empty(),
            Map.of(Role.TARGETS, new Key(newTargets.publicKey()))),
        NOW);
    feed.sign(Role.ROOT, ROOT_1, NOW);
    feed.sign(Role.ROOT, ROOT_2, NOW);
    Map<String, String> before = repoFiles();

    // The published targets are the old key's: under the new root no client would take them.
    FeedException e =
        catchThrowableOfType(FeedException.class, () -> feed.publish(SNAPSHOT, TIMESTAMP, NOW));
    assertThat(e)
        .hasMessageContaining("root version 2 has another targets key")
        .hasMessageEndingWith("(feed sign --role targets --key NAME) before publishing");
    assertThat(repoFiles()).isEqualTo(before);

    // The old key cannot sign for the new root.
    assertThat(
            catchThrowableOfType(FeedException.class, () -> feed.sign(Role.TARGETS, TARGETS, NOW)))
        .hasMessageContaining("is not the targets key of root version 2");
    assertThat(repoFiles()).isEqualTo(before);

    feed.sign(Role.TARGETS, newTargets, NOW);
    Feed.Publication p = feed.publish(SNAPSHOT, TIMESTAMP, NOW);
    assertThat(p.root()).isEqualTo(2);
    assertThat(p.targets()).isEqualTo(3);
    Updater.Trusted t = client("client").refresh();
    assertThat(t.root().version()).isEqualTo(2);
    assertThat(t.targets().targets()).containsKey("instructions/logs.json");
  }

  @Test
  void aRootChangeThatCannotBeSatisfiedIsNotStaged() {
    FeedException e =
        catchThrowableOfType(
            FeedException.class,
            () ->
                feed.stageRoot(
                    new Feed.RootChange(List.of(), List.of(id(ROOT_2)), Optional.empty(), Map.of()),
                    NOW));
    assertThat(e).hasMessage("a root threshold of 2 with 1 root keys");
    e =
        catchThrowableOfType(
            FeedException.class,
            () ->
                feed.stageRoot(
                    new Feed.RootChange(List.of(), List.of(id(AGENT)), Optional.empty(), Map.of()),
                    NOW));
    assertThat(e).hasMessage("key " + id(AGENT) + " is not a root key");
    assertThat(feed.staged()).isEmpty();
  }

  private static String id(KeyPair k) {
    return new Key(k.publicKey()).id();
  }
}
