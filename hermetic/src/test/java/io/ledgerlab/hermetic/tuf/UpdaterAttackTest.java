package io.ledgerlab.hermetic.tuf;

import static io.ledgerlab.hermetic.tuf.TestRepository.NOW;
import static io.ledgerlab.hermetic.tuf.TestRepository.at;
import static io.ledgerlab.hermetic.tuf.TestRepository.edit;
import static io.ledgerlab.hermetic.tuf.TestRepository.expires;
import static io.ledgerlab.hermetic.tuf.TestRepository.id;
import static io.ledgerlab.hermetic.tuf.TestRepository.key;
import static io.ledgerlab.hermetic.tuf.TestRepository.signedBy;
import static io.ledgerlab.hermetic.tuf.TestRepository.trustedVersion;
import static io.ledgerlab.hermetic.tuf.TestRepository.utf8;
import static io.ledgerlab.hermetic.tuf.TestRepository.version;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.EXPIRED;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.HASH_MISMATCH;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.LENGTH_MISMATCH;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.MALFORMED;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.MISSING;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.ROLLBACK;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.THRESHOLD;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.TOO_LARGE;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.UNSUPPORTED;
import static io.ledgerlab.hermetic.tuf.TufException.Reason.VERSION_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.tuf.TestRepository.Publication;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the repository (or whoever sits between it and the client) can lie, and the reason the
 * client refuses it with. Each test also checks what the trusted store holds afterwards: a refused
 * update must leave every role at the version it was before, or at the last version that verified
 * (the specification persists each role as it passes its checks), never at the attacker's.
 *
 * <p>Each test starts from one publication: root 1, and targets, snapshot and timestamp version 1
 * listing {@code a.txt}.
 */
class UpdaterAttackTest {
  @TempDir Path dir;

  private TestRepository repo;
  private Publication first;

  @BeforeEach
  void publishFirst() {
    repo = TestRepository.create();
    repo.addTarget("a.txt", utf8("alpha"));
    first = repo.publish();
  }

  /** A client that refreshed from the first publication: every role trusted at version 1. */
  private Updater trustingFirst() throws TufException {
    Updater client = repo.client(dir);
    client.refresh();
    assertTrusted(1, 1, 1, 1);
    return client;
  }

  /** A client that refreshed from a second, honest publication: root 1, the rest at version 2. */
  private Updater trustingSecond() throws TufException {
    Updater client = trustingFirst();
    repo.publish();
    client.refresh();
    assertTrusted(1, 2, 2, 2);
    return client;
  }

  private static TufException refused(Executable update, TufException.Reason reason, String what) {
    TufException e = assertThrows(TufException.class, update);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e.getMessage()).contains(what);
    return e;
  }

  private static TufException refused(Updater client, TufException.Reason reason, String what) {
    return refused(client::refresh, reason, what);
  }

  /** The versions the trusted store holds (0: none) for root, timestamp, snapshot and targets. */
  private void assertTrusted(long root, long timestamp, long snapshot, long targets) {
    assertThat(
            List.of(
                trustedVersion(dir, Role.ROOT),
                trustedVersion(dir, Role.TIMESTAMP),
                trustedVersion(dir, Role.SNAPSHOT),
                trustedVersion(dir, Role.TARGETS)))
        .as("trusted versions of root, timestamp, snapshot, targets")
        .containsExactly(root, timestamp, snapshot, targets);
  }

  private static String sha(byte[] b) {
    return Sha256.hash(b).hex();
  }

  /** Replaces the first occurrence of {@code from} in {@code file}, which must contain it. */
  private static byte[] replaceFirst(byte[] file, String from, String to) {
    String s = new String(file, StandardCharsets.UTF_8);
    int i = s.indexOf(from);
    assertThat(i).as("the file contains " + from).isNotNegative();
    return utf8(s.substring(0, i) + to + s.substring(i + from.length()));
  }

  private static JsonNode tree(byte[] file) throws Exception {
    return StrictJson.MAPPER.readTree(file);
  }

  // ---- expiry (5.3.10, 5.4.4, 5.5.6, 5.6.5) ----------------------------------------------------

  @Test
  void anExpiredRootIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.rotateRoot(
        List.of(key("root-1")), s -> s.put("expires", TestRepository.iso(NOW.minusSeconds(1))));
    repo.publish();

    refused(client, EXPIRED, "root.json: expired at 2030-05-31T23:59:59Z");
    // 5.3.8 persists each root whose signatures verify before 5.3.10 checks the last one's
    // expiry; nothing the expired root was to vouch for was trusted.
    assertTrusted(2, 1, 1, 1);
  }

  @Test
  void aFreshClientWhoseProvisionedRootHasExpiredIsRefused() throws Exception {
    Clock nextYear = Clock.fixed(NOW.plus(Duration.ofDays(366)), ZoneOffset.UTC);
    Updater client = repo.client(dir, nextYear);

    refused(client, EXPIRED, "root.json: expired at 2031-06-01T00:00:00Z");
    assertTrusted(1, 0, 0, 0);
  }

  @Test
  void anExpiredTimestampIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.publish(expires(Role.TIMESTAMP, NOW.minusSeconds(1)));

    refused(
        client,
        EXPIRED,
        "timestamp.json: expired at 2030-05-31T23:59:59Z (the update started at"
            + " 2030-06-01T00:00:00Z)");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aTimestampExpiringAtTheStartOfTheUpdateIsExpired() throws Exception {
    Updater client = trustingFirst();
    repo.publish(expires(Role.TIMESTAMP, NOW));

    refused(client, EXPIRED, "timestamp.json: expired at 2030-06-01T00:00:00Z");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void anExpiredSnapshotIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.publish(expires(Role.SNAPSHOT, NOW.minus(Duration.ofDays(1))));

    refused(client, EXPIRED, "2.snapshot.json: expired at 2030-05-31T00:00:00Z");
    // The timestamp verified and was persisted (5.4.5); the snapshot was not.
    assertTrusted(1, 2, 1, 1);
  }

  @Test
  void anExpiredTargetsIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.publish(expires(Role.TARGETS, NOW.minus(Duration.ofDays(1))));

    refused(client, EXPIRED, "2.targets.json: expired at 2030-05-31T00:00:00Z");
    assertTrusted(1, 2, 2, 1);
    // What the client trusted still serves: the last good targets and their files.
    assertThat(client.trusted().orElseThrow().targets().version()).isEqualTo(1);
    assertThat(client.target("a.txt")).isEqualTo(utf8("alpha"));
  }

  // ---- rollback (5.3.5, 5.4.3, 5.5.4, 5.5.5, 5.6.4) --------------------------------------------

  @Test
  void aNextRootFileCarryingAnOlderVersionIsARollback() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.ROOT, 1, key("root-2"));
    repo.rotateRoot(List.of(key("root-1"), key("root-2")), s -> s.put("version", 1));

    refused(client, ROLLBACK, "2.root.json: version 1, expected 2");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aTimestampWithAnOlderVersionIsARollback() throws Exception {
    Updater client = trustingSecond();
    repo.publish(version(Role.TIMESTAMP, 1));

    refused(client, ROLLBACK, "timestamp.json: version 1 is older than the trusted 2");
    assertTrusted(1, 2, 2, 2);
  }

  @Test
  void aTimestampOfTheTrustedVersionIsNotTakenOverTheTrustedOne() throws Exception {
    Updater client = trustingSecond();
    byte[] trusted = Files.readAllBytes(dir.resolve(Role.TIMESTAMP.fileName()));
    // The same version, validly signed, naming a newer snapshot: 5.4.3.1 keeps the trusted one.
    repo.publish(version(Role.TIMESTAMP, 2));

    Updater.Trusted after = client.refresh();
    assertThat(after.timestamp().snapshot().version()).isEqualTo(2);
    assertThat(Files.readAllBytes(dir.resolve(Role.TIMESTAMP.fileName()))).isEqualTo(trusted);
    assertTrusted(1, 2, 2, 2);
  }

  @Test
  void rotatingOnlyTheSnapshotKeyVoidsTheTrustedTimestampToo() throws Exception {
    trustingSecond();
    // The repository starts over after a compromise of the snapshot key: new key, versions reset.
    repo.setKeys(Role.SNAPSHOT, 1, TestRepository.key("snapshot-after-rotation"));
    repo.rotateRoot();
    repo.publish(version(Role.TIMESTAMP, 1));
    Updater fresh = repo.client(dir);

    // 5.3.11: the timestamp trusted before the rotation no longer holds back the new one.
    fresh.refresh();
    assertThat(trustedVersion(dir, Role.ROOT)).isEqualTo(2);
    assertThat(trustedVersion(dir, Role.TIMESTAMP)).isEqualTo(1);
  }

  @Test
  void delegationsThatAreNotAnObjectAreMalformed() throws Exception {
    Updater client = repo.client(dir);
    repo.publish(edit(Role.TARGETS, s -> s.put("delegations", "none")));

    refused(client, MALFORMED, "delegations: expected an object");
  }

  @Test
  void aTimestampNamingAnOlderSnapshotVersionIsARollback() throws Exception {
    Updater client = trustingSecond();
    repo.publish(edit(Role.TIMESTAMP, s -> at(s, "meta", "snapshot.json").put("version", 1)));

    refused(client, ROLLBACK, "timestamp.json: snapshot version 1 is older than the trusted 2");
    assertTrusted(1, 2, 2, 2);
  }

  @Test
  void aSnapshotFileCarryingAnOlderVersionThanTimestampNamesIsRefused() throws Exception {
    Updater client = trustingSecond();
    Publication second = repo.publication();
    // Timestamp 3 names snapshot 3 by version only; 3.snapshot.json is the old, valid snapshot 2.
    repo.publish(
        edit(
            Role.TIMESTAMP,
            s -> at(s, "meta", "snapshot.json").remove(List.of("length", "hashes"))));
    repo.put("metadata/3.snapshot.json", second.file("metadata/2.snapshot.json"));

    refused(client, VERSION_MISMATCH, "3.snapshot.json: version 2, timestamp names 3");
    assertTrusted(1, 3, 2, 2);
  }

  @Test
  void aSnapshotNamingAnOlderTargetsVersionIsARollback() throws Exception {
    Updater client = trustingSecond();
    repo.publish(edit(Role.SNAPSHOT, UpdaterAttackTest::namesTargetsVersionOne));

    refused(
        client, ROLLBACK, "3.snapshot.json: targets.json version 1 is older than the trusted 2");
    assertTrusted(1, 3, 2, 2);
  }

  @Test
  void anOlderTargetsIsARollbackEvenWhenNoSnapshotIsTrusted() throws Exception {
    Updater client = trustingSecond();
    // Rotating the snapshot key makes the client drop its trusted snapshot (5.3.11), so only the
    // trusted targets itself remembers that version 2 was seen.
    repo.setKeys(Role.SNAPSHOT, 1, key("snapshot-2"));
    repo.rotateRoot();
    repo.publish(edit(Role.SNAPSHOT, UpdaterAttackTest::namesTargetsVersionOne));

    refused(client, ROLLBACK, "1.targets.json: version 1 is older than the trusted 2");
    assertTrusted(2, 3, 3, 2);
  }

  private static void namesTargetsVersionOne(ObjectNode snapshot) {
    ObjectNode t = at(snapshot, "meta", "targets.json");
    t.put("version", 1);
    t.remove(List.of("length", "hashes"));
  }

  // ---- freeze
  // ------------------------------------------------------------------------------------

  @Test
  void aFrozenTimestampServedToAClientThatTrustsANewerOneIsARollback() throws Exception {
    Updater client = trustingSecond();
    Publication second = repo.publication();
    repo.serve(first);

    refused(client, ROLLBACK, "timestamp.json: version 1 is older than the trusted 2");
    assertTrusted(1, 2, 2, 2);

    // Nothing was lost: when the mirror catches up, the client goes on from where it was.
    repo.serve(second);
    repo.publish();
    assertThat(client.refresh().timestamp().version()).isEqualTo(3);
  }

  @Test
  void aFrozenTimestampServedToAFreshClientLaterIsExpired() throws Exception {
    // The mirror never moves past the first publication; a client first starts two days later.
    Clock later = Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC);
    Updater client = repo.client(dir, later);

    refused(client, EXPIRED, "timestamp.json: expired at 2030-06-02T00:00:00Z");
    assertTrusted(1, 0, 0, 0);
  }

  // ---- mix and match (5.5.2, 5.6.2, 5.6.4)
  // -------------------------------------------------------

  @Test
  void aSnapshotOfAnotherPublicationIsAHashMismatch() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    byte[] old = first.file("metadata/1.snapshot.json");
    byte[] named = repo.file("metadata/2.snapshot.json");
    // Same length, so it is the hash that tells them apart.
    assertThat(old).hasSameSizeAs(named);
    repo.put("metadata/2.snapshot.json", old);

    refused(
        client, HASH_MISMATCH, "2.snapshot.json: sha256 " + sha(old) + ", expected " + sha(named));
    assertTrusted(1, 2, 1, 1);
  }

  @Test
  void aTargetsOfAnotherVersionThanSnapshotNamesIsAVersionMismatch() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.SNAPSHOT, s -> at(s, "meta", "targets.json").remove(List.of("length", "hashes"))));
    repo.put("metadata/2.targets.json", first.file("metadata/1.targets.json"));

    refused(client, VERSION_MISMATCH, "2.targets.json: version 1, snapshot names 2");
    assertTrusted(1, 2, 2, 1);
  }

  @Test
  void aSnapshotShorterThanTimestampNamesIsALengthMismatch() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.TIMESTAMP,
            s -> {
              ObjectNode m = at(s, "meta", "snapshot.json");
              m.put("length", m.get("length").longValue() + 1);
            }));
    long length = repo.file("metadata/2.snapshot.json").length;

    refused(
        client, LENGTH_MISMATCH, "2.snapshot.json: " + length + " bytes, expected " + (length + 1));
    assertTrusted(1, 2, 1, 1);
  }

  @Test
  void aTargetsLongerThanSnapshotNamesIsNotReadPastTheLength() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.SNAPSHOT,
            s -> {
              ObjectNode m = at(s, "meta", "targets.json");
              m.put("length", m.get("length").longValue() - 1);
            }));
    long length = repo.file("metadata/2.targets.json").length;

    refused(client, TOO_LARGE, "metadata/2.targets.json: more than " + (length - 1) + " bytes");
    assertTrusted(1, 2, 2, 1);
  }

  @Test
  void aTargetsWithAnotherHashThanSnapshotNamesIsAHashMismatch() throws Exception {
    Updater client = trustingFirst();
    String other = sha(utf8("another targets file"));
    repo.publish(
        edit(Role.SNAPSHOT, s -> at(s, "meta", "targets.json", "hashes").put("sha256", other)));

    TufException e = refused(client, HASH_MISMATCH, "2.targets.json: sha256 ");
    assertThat(e.getMessage()).endsWith(", expected " + other);
    assertTrusted(1, 2, 2, 1);
  }

  // ---- thresholds and keys (4.3, 5.3.4, 5.4.2, 5.5.3, 5.6.3)
  // -------------------------------------

  @Test
  void aRootWithThresholdTwoSignedByOneOfItsKeysIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.ROOT, 2, key("root-2a"), key("root-2b"));
    repo.rotateRoot(List.of(key("root-1"), key("root-2a")));

    refused(
        client,
        THRESHOLD,
        "2.root.json: 1 valid signature(s) by its own root role's keys, threshold 2");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void theSameKeySigningTwiceCountsOnce() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.ROOT, 2, key("root-2a"), key("root-2b"));
    byte[] file = repo.rotateRoot(List.of(key("root-1"), key("root-2a"), key("root-2a")));
    assertThat(Envelope.parse(file, Role.ROOT, "2.root.json").signatures())
        .extracting(Envelope.Sig::keyId)
        .containsExactly(id(key("root-1")), id(key("root-2a")), id(key("root-2a")));

    refused(
        client,
        THRESHOLD,
        "2.root.json: 1 valid signature(s) by its own root role's keys, threshold 2");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aTimestampSignedTwiceByOneOfTwoRequiredKeysIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.TIMESTAMP, 2, key("timestamp-2a"), key("timestamp-2b"));
    repo.rotateRoot();
    repo.publish(signedBy(Role.TIMESTAMP, key("timestamp-2a"), key("timestamp-2a")));

    refused(
        client, THRESHOLD, "timestamp.json: 1 valid signature(s) by timestamp's keys, threshold 2");
    // Root 2 verified; rotating the timestamp keys voided the trusted timestamp and snapshot
    // (5.3.11), and nothing new took their place.
    assertTrusted(2, 0, 0, 1);
  }

  @Test
  void aSignatureByAnUnknownKeyCountsForNothing() throws Exception {
    Updater client = trustingFirst();
    repo.publish(signedBy(Role.TARGETS, key("stranger")));

    refused(client, THRESHOLD, "2.targets.json: 0 valid signature(s) by targets's keys");
    assertTrusted(1, 2, 2, 1);
  }

  @Test
  void aSignatureByAnotherRolesKeyCountsForNothing() throws Exception {
    Updater client = trustingFirst();
    repo.publish(signedBy(Role.TIMESTAMP, key("targets-1")));

    refused(client, THRESHOLD, "timestamp.json: 0 valid signature(s) by timestamp's keys");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aSignatureOverAnotherDocumentCountsForNothing() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.SNAPSHOT, s -> at(s, "meta", "targets.json").remove(List.of("length", "hashes"))));
    // 2.targets.json with the signatures of 1.targets.json: the right key, other bytes.
    ObjectNode doc = (ObjectNode) tree(repo.file("metadata/2.targets.json"));
    doc.set("signatures", tree(first.file("metadata/1.targets.json")).get("signatures"));
    repo.put("metadata/2.targets.json", StrictJson.MAPPER.writeValueAsBytes(doc));

    refused(client, THRESHOLD, "2.targets.json: 0 valid signature(s) by targets's keys");
    assertTrusted(1, 2, 2, 1);
  }

  @Test
  void aTargetsKeyRemovedByALaterRootIsRevoked() throws Exception {
    repo.setKeys(Role.TARGETS, 1, key("targets-2"));
    repo.rotateRoot();
    repo.publish();
    Updater client = repo.client(dir);
    client.refresh();
    assertTrusted(2, 2, 2, 2);

    // Whoever still holds the old targets key signs new targets with it.
    repo.addTarget("evil.sh", utf8("rm -rf /"));
    repo.publish(signedBy(Role.TARGETS, key("targets-1")));

    refused(client, THRESHOLD, "3.targets.json: 0 valid signature(s) by targets's keys");
    assertTrusted(2, 3, 3, 2);
    refused(() -> client.target("evil.sh"), MISSING, "lists no target evil.sh");
  }

  @Test
  void aTargetsKeyStillListedButRemovedFromTheRoleIsRevoked() throws Exception {
    repo.setKeys(Role.TARGETS, 1, key("targets-2"));
    repo.listWithoutRole(key("targets-1"));
    repo.rotateRoot();
    repo.publish();
    Updater client = repo.client(dir);
    assertThat(client.refresh().root().keys()).containsKey(id(key("targets-1")));

    repo.publish(signedBy(Role.TARGETS, key("targets-1")));

    refused(client, THRESHOLD, "3.targets.json: 0 valid signature(s) by targets's keys");
    assertTrusted(2, 3, 3, 2);
  }

  // ---- the root chain (5.3)
  // ----------------------------------------------------------------------

  @Test
  void aNextRootSignedOnlyByItsNewKeysIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.ROOT, 1, key("root-2"));
    repo.rotateRoot(List.of(key("root-2")));

    refused(
        client,
        THRESHOLD,
        "2.root.json: 0 valid signature(s) by the trusted root (version 1)'s keys, threshold 1");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aNextRootSignedOnlyByTheOldKeysIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.ROOT, 1, key("root-2"));
    repo.rotateRoot(List.of(key("root-1")));

    refused(client, THRESHOLD, "2.root.json: 0 valid signature(s) by its own root role's keys");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aNextRootFileSkippingAVersionIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.rotateRoot(List.of(key("root-1")), s -> s.put("version", 3));

    refused(client, VERSION_MISMATCH, "2.root.json: version 3, expected 2");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aChainWithAMissingVersionEndsThereAndTheNewKeysAreNotTrusted() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.ROOT, 1, key("root-2"));
    repo.setKeys(Role.TIMESTAMP, 1, key("timestamp-2"));
    repo.rotateRoot();
    repo.setKeys(Role.ROOT, 1, key("root-3"));
    repo.rotateRoot();
    repo.remove("metadata/2.root.json");
    repo.publish();

    // Without 2.root.json the walk ends at root 1, which does not know timestamp-2.
    refused(client, THRESHOLD, "timestamp.json: 0 valid signature(s) by timestamp's keys");
    assertTrusted(1, 1, 1, 1);
    assertThat(repo.fetched()).doesNotContain("metadata/3.root.json");
  }

  @Test
  void aKeyIdThatIsNotTheHashOfItsKeyIsRefused() throws Exception {
    Updater client = trustingFirst();
    KeyPair real = key("root-2");
    String forged = id(key("someone-else"));
    repo.setKeys(Role.ROOT, 1, real);
    // Root 2 lists root-2's key under another key's id, and root-2 signs under that id.
    ObjectNode signed = repo.rootSigned(2);
    at(signed, "keys").set(forged, at(signed, "keys").remove(id(real)));
    ArrayNode ids = (ArrayNode) at(signed, "roles", "root").get("keyids");
    ids.removeAll().add(forged);
    byte[] message = CanonicalJson.encode(signed);
    ObjectNode doc = StrictJson.MAPPER.createObjectNode();
    doc.set("signed", signed);
    ArrayNode sigs = doc.putArray("signatures");
    sigs.addObject().put("keyid", id(key("root-1"))).put("sig", key("root-1").sign(message).hex());
    sigs.addObject().put("keyid", forged).put("sig", real.sign(message).hex());
    repo.put("metadata/2.root.json", StrictJson.MAPPER.writeValueAsBytes(doc));

    refused(
        client, MALFORMED, "key id " + forged + " is not the hash of its key (" + id(real) + ")");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aRootTurningConsistentSnapshotsOffIsUnsupported() throws Exception {
    Updater client = trustingFirst();
    repo.rotateRoot(List.of(key("root-1")), s -> s.put("consistent_snapshot", false));

    refused(client, UNSUPPORTED, "2.root.json.signed: consistent_snapshot must be true");
    assertTrusted(1, 1, 1, 1);
  }

  // ---- targets (5.7)
  // -----------------------------------------------------------------------------

  @Test
  void aTargetWithAnotherHashIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.put(TestRepository.targetPath("a.txt", utf8("alpha")), utf8("omega"));

    refused(
        () -> client.target("a.txt"),
        HASH_MISMATCH,
        "target a.txt: sha256 " + sha(utf8("omega")) + ", expected " + sha(utf8("alpha")));
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aTargetShorterThanListedIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.put(TestRepository.targetPath("a.txt", utf8("alpha")), utf8("alp"));

    refused(() -> client.target("a.txt"), LENGTH_MISMATCH, "target a.txt: 3 bytes, expected 5");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aTargetLongerThanListedIsNotReadPastTheLength() throws Exception {
    Updater client = trustingFirst();
    repo.put(TestRepository.targetPath("a.txt", utf8("alpha")), utf8("alpha and then some"));

    refused(() -> client.target("a.txt"), TOO_LARGE, "more than 5 bytes");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aTargetNotListedIsMissing() throws Exception {
    Updater client = trustingFirst();
    // The file is on the server under a plausible name; the client does not go looking for it.
    repo.put(TestRepository.targetPath("b.txt", utf8("beta")), utf8("beta"));

    refused(() -> client.target("b.txt"), MISSING, "targets.json lists no target b.txt");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aTargetDroppedFromTheLatestTargetsIsMissing() throws Exception {
    Updater client = trustingFirst();
    repo.removeTarget("a.txt");
    repo.addTarget("b.txt", utf8("beta"));
    repo.publish();
    client.refresh();

    // a.txt is still on the server; the latest targets no longer vouch for it.
    refused(() -> client.target("a.txt"), MISSING, "targets.json lists no target a.txt");
    assertTrusted(1, 2, 2, 2);
  }

  @Test
  void anUnsafeTargetPathIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.TARGETS, s -> at(s, "targets").set("../x", at(s, "targets", "a.txt").deepCopy())));

    refused(client, MALFORMED, "2.targets.json.signed: targets: unsafe target path '../x'");
    assertTrusted(1, 2, 2, 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/etc/passwd", "a/../../x", "./x", "a/./b", "..", "a//b", "a/", "a\\b", "a b"})
  void otherUnsafeTargetPathsAreRefused(String path) throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(Role.TARGETS, s -> at(s, "targets").set(path, at(s, "targets", "a.txt").deepCopy())));

    refused(client, MALFORMED, "unsafe target path '" + path + "'");
    assertTrusted(1, 2, 2, 1);
  }

  // ---- documents (4.2: strict, canonical JSON) --------------------------------------------------

  @Test
  void aTruncatedDocumentIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    byte[] ts = repo.file("metadata/timestamp.json");
    repo.put("metadata/timestamp.json", java.util.Arrays.copyOf(ts, ts.length / 2));

    refused(client, MALFORMED, "timestamp.json: not valid JSON");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void trailingDataAfterTheDocumentIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    byte[] ts = repo.file("metadata/timestamp.json");
    repo.put("metadata/timestamp.json", utf8(new String(ts, StandardCharsets.UTF_8) + "{}"));

    refused(client, MALFORMED, "timestamp.json: not valid JSON: Trailing token");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aDuplicateKeyIsMalformedNotLastWins() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    // The signature is valid for the last "version" (2): a last-wins parser would accept it.
    JsonNode valid = tree(repo.file("metadata/timestamp.json"));
    String signed = StrictJson.MAPPER.writeValueAsString(valid.get("signed"));
    String twice =
        "{\"signed\":{\"version\":7,"
            + signed.substring(1)
            + ",\"signatures\":"
            + StrictJson.MAPPER.writeValueAsString(valid.get("signatures"))
            + "}";
    repo.put("metadata/timestamp.json", utf8(twice));

    refused(client, MALFORMED, "timestamp.json: not valid JSON: Duplicate field 'version'");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aDuplicateKeySpelledWithAnEscapeIsStillADuplicate() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    // "vers\u0069on" is "version": the parser compares names after decoding them.
    repo.put(
        "metadata/timestamp.json",
        replaceFirst(
            repo.file("metadata/timestamp.json"),
            "\"version\" : 2,",
            "\"vers\\u0069on\" : 7, \"version\" : 2,"));

    refused(client, MALFORMED, "timestamp.json: not valid JSON: Duplicate field 'version'");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aDocumentOfTheWrongTypeIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    // A snapshot, signed by the timestamp key, served as the timestamp.
    ObjectNode snapshot = (ObjectNode) tree(repo.file("metadata/2.snapshot.json")).get("signed");
    repo.put("metadata/timestamp.json", Envelope.sign(snapshot, List.of(key("timestamp-1"))));

    refused(client, MALFORMED, "timestamp.json: signed._type: expected timestamp, got snapshot");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aFractionalVersionIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    repo.put(
        "metadata/timestamp.json",
        replaceFirst(repo.file("metadata/timestamp.json"), "\"version\" : 2", "\"version\" : 2.0"));

    refused(client, MALFORMED, "timestamp.json.signed: version: expected a positive integer");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aFractionAnywhereInSignedIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish();
    long length = repo.file("metadata/2.snapshot.json").length;
    // Canonical JSON has no fractions, so this document has no bytes a signature could cover.
    repo.put(
        "metadata/timestamp.json",
        replaceFirst(
            repo.file("metadata/timestamp.json"),
            "\"length\" : " + length,
            "\"length\" : " + length + ".0"));

    refused(client, MALFORMED, "timestamp.json: signed: not canonical JSON");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aZeroVersionIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish(version(Role.TIMESTAMP, 0));

    refused(client, MALFORMED, "timestamp.json.signed: version: expected a positive integer");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void anExpiryNotInTheSpecificationsFormIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish(edit(Role.TIMESTAMP, s -> s.put("expires", "2030-06-02T00:00:00+00:00")));

    refused(client, MALFORMED, "expires: expected a UTC time such as 2030-01-01T00:00:00Z");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void aDocumentNestedDeeperThanMetadataNeedsIsMalformed() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.TARGETS,
            s -> {
              ObjectNode o = at(s, "targets", "a.txt").putObject("custom");
              for (int i = 0; i < 40; i++) {
                o = o.putObject("deeper");
              }
            }));

    refused(client, MALFORMED, "2.targets.json: not valid JSON: Document nesting depth");
    assertTrusted(1, 2, 2, 1);
  }

  @Test
  void aTimestampLargerThanItsBoundIsNotRead() throws Exception {
    Updater client = trustingFirst();
    repo.publish(edit(Role.TIMESTAMP, s -> s.put("padding", "x".repeat(20_000))));

    refused(client, TOO_LARGE, "metadata/timestamp.json: more than 16384 bytes");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void anUnsupportedKeyTypeIsRefusedByName() throws Exception {
    Updater client = trustingFirst();
    repo.setKeys(Role.ROOT, 1, key("root-2"));
    repo.rotateRoot(
        List.of(key("root-1"), key("root-2")),
        s -> at(s, "keys", id(key("root-2"))).put("keytype", "rsa").put("scheme", "rsassa-pss"));

    refused(client, UNSUPPORTED, "key type rsa/rsassa-pss: only ed25519 keys are supported");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void anUnsupportedHashAlgorithmIsRefusedByName() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.TARGETS, s -> at(s, "targets", "a.txt", "hashes").put("sha512", "00".repeat(64))));

    refused(client, UNSUPPORTED, "hashes: sha512: only sha256 is supported");
    assertTrusted(1, 2, 2, 1);
  }

  @Test
  void anUnsupportedSpecificationVersionIsRefused() throws Exception {
    Updater client = trustingFirst();
    repo.publish(edit(Role.TIMESTAMP, s -> s.put("spec_version", "2.0.0")));

    refused(client, UNSUPPORTED, "spec_version 2.0.0: this client reads specification 1.x");
    assertTrusted(1, 1, 1, 1);
  }

  @Test
  void delegationsAreRefusedNotIgnored() throws Exception {
    Updater client = trustingFirst();
    repo.publish(
        edit(
            Role.TARGETS,
            s -> {
              ObjectNode d = s.putObject("delegations");
              d.putObject("keys");
              d.putArray("roles").addObject().put("name", "elsewhere");
            }));

    refused(client, UNSUPPORTED, "delegations are not supported");
    assertTrusted(1, 2, 2, 1);
  }
}
