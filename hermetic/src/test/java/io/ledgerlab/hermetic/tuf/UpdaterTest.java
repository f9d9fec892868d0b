package io.ledgerlab.hermetic.tuf;

import static io.ledgerlab.hermetic.tuf.TestRepository.key;
import static io.ledgerlab.hermetic.tuf.TestRepository.trustedVersion;
import static io.ledgerlab.hermetic.tuf.TestRepository.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The honest path of the section 5 workflow: what a valid repository serves is accepted. */
class UpdaterTest {
  @TempDir Path dir;

  @Test
  void aFreshClientRefreshesAndDownloadsATarget() throws Exception {
    TestRepository repo = TestRepository.create();
    repo.addTarget("instructions/1.json", utf8("{\"do\":\"nothing\"}"));
    repo.publish();
    Updater client = repo.client(dir);

    Updater.Trusted t = client.refresh();

    assertThat(t.root().version()).isEqualTo(1);
    assertThat(t.timestamp().version()).isEqualTo(1);
    assertThat(t.snapshot().version()).isEqualTo(1);
    assertThat(t.targets().targets()).containsOnlyKeys("instructions/1.json");
    assertThat(client.target("instructions/1.json")).isEqualTo(utf8("{\"do\":\"nothing\"}"));
    for (Role r : Role.values()) {
      assertThat(trustedVersion(dir, r)).as(r.key()).isEqualTo(1);
    }
    assertThat(repo.fetched())
        .containsExactly(
            "metadata/2.root.json",
            "metadata/timestamp.json",
            "metadata/1.snapshot.json",
            "metadata/1.targets.json",
            TestRepository.targetPath("instructions/1.json", utf8("{\"do\":\"nothing\"}")));
  }

  @Test
  void aSecondPublicationIsSeenByTheSameClientAndAfterARestart() throws Exception {
    TestRepository repo = TestRepository.create();
    repo.addTarget("a.txt", utf8("alpha"));
    repo.publish();
    Updater client = repo.client(dir);
    client.refresh();

    repo.addTarget("b.txt", utf8("beta"));
    repo.addTarget("a.txt", utf8("alpha, second edition"));
    repo.publish();
    Updater.Trusted t = client.refresh();

    assertThat(t.targets().version()).isEqualTo(2);
    assertThat(t.targets().targets()).containsOnlyKeys("a.txt", "b.txt");
    assertThat(client.target("b.txt")).isEqualTo(utf8("beta"));
    assertThat(client.target("a.txt")).isEqualTo(utf8("alpha, second edition"));
    assertThat(trustedVersion(dir, Role.TIMESTAMP)).isEqualTo(2);

    // A new process reads what the first one trusted, and sees the same.
    Updater restarted = repo.client(dir);
    assertThat(restarted.refresh()).isEqualTo(t);
  }

  @Test
  void rootRotationOneTwoThreeIsWalkedAndRotatedOnlineKeysAreUsed() throws Exception {
    TestRepository repo = TestRepository.create();
    repo.addTarget("a.txt", utf8("alpha"));
    repo.publish();
    Updater client = repo.client(dir);
    client.refresh();

    // Root 2: new root keys, threshold 2 of 3. Root 3: new timestamp and targets keys as well.
    repo.setKeys(Role.ROOT, 2, key("root-2a"), key("root-2b"), key("root-2c"));
    repo.rotateRoot();
    repo.setKeys(Role.ROOT, 2, key("root-3a"), key("root-3b"));
    repo.setKeys(Role.TIMESTAMP, 1, key("timestamp-3"));
    repo.setKeys(Role.TARGETS, 1, key("targets-3"));
    repo.rotateRoot();
    repo.addTarget("b.txt", utf8("beta"));
    repo.publish();

    Updater.Trusted t = client.refresh();

    assertThat(t.root().version()).isEqualTo(3);
    assertThat(t.root().role(Role.ROOT).keyIds())
        .containsExactly(TestRepository.id(key("root-3a")), TestRepository.id(key("root-3b")));
    assertThat(trustedVersion(dir, Role.ROOT)).isEqualTo(3);
    assertThat(t.timestamp().version()).isEqualTo(2);
    assertThat(client.target("b.txt")).isEqualTo(utf8("beta"));
    assertThat(repo.fetched())
        .containsSubsequence(
            "metadata/2.root.json",
            "metadata/3.root.json",
            "metadata/4.root.json",
            "metadata/timestamp.json");

    // A client provisioned with root 1 only walks the same chain.
    Path fresh = dir.resolve("fresh");
    assertThat(repo.client(fresh).refresh()).isEqualTo(t);
  }

  @Test
  void aClientRefreshesOverRealHttp() throws Exception {
    TestRepository repo = TestRepository.create();
    repo.addTarget("a/b.json", utf8("{\"x\":1}"));
    repo.publish();
    try (TestHttpServer server = TestHttpServer.start(TestHttpServer.serving(repo));
        HttpFetcher http = new HttpFetcher(server.base(), Duration.ofSeconds(5))) {
      Updater client =
          new Updater(new TrustedStore(dir), http, TestRepository.CLOCK, Updater.Limits.DEFAULT);
      new TrustedStore(dir).write(Role.ROOT, repo.initialRoot());

      Updater.Trusted t = client.refresh();

      assertThat(t.targets().targets()).containsOnlyKeys("a/b.json");
      assertThat(client.target("a/b.json")).isEqualTo(utf8("{\"x\":1}"));
    }
  }
}
