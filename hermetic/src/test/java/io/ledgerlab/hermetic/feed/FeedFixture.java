package io.ledgerlab.hermetic.feed;

import io.ledgerlab.hermetic.tuf.Fetcher;
import io.ledgerlab.hermetic.tuf.Role;
import io.ledgerlab.hermetic.tuf.TrustedStore;
import io.ledgerlab.hermetic.tuf.TufException;
import io.ledgerlab.hermetic.tuf.Updater;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.runtime.disk.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A feed as the operator makes one, with fixed keys, and a client that reads its {@code repo/}
 * straight from the disk: what the feed's and the agent's tests share.
 */
public final class FeedFixture {
  public static final KeyPair ROOT_1 = key(1);
  public static final KeyPair ROOT_2 = key(2);
  public static final KeyPair TARGETS = key(3);
  public static final KeyPair SNAPSHOT = key(4);
  public static final KeyPair TIMESTAMP = key(5);
  public static final KeyPair AGENT = key(9);

  private FeedFixture() {}

  /** A key whose seed is 32 times {@code n}: the same key in every run. */
  public static KeyPair key(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return KeyPair.fromSeed(seed);
  }

  /**
   * A feed with two root keys (threshold 2) and one key per other role, published at {@code now}.
   */
  public static Feed init(Path dir, Instant now) throws FeedException, IOException {
    return Feed.init(
        dir,
        new Feed.InitKeys(List.of(ROOT_1, ROOT_2), 2, TARGETS, SNAPSHOT, TIMESTAMP),
        Feed.Expiries.DEFAULT,
        now);
  }

  /** Adds an instruction, then signs and publishes it with the fixture's keys. */
  public static Feed.Publication publishInstruction(Feed feed, String json, Instant now)
      throws Exception {
    feed.addInstruction(json.getBytes(StandardCharsets.UTF_8), "test.json");
    return signAndPublish(feed, now);
  }

  public static Feed.Publication signAndPublish(Feed feed, Instant now) throws Exception {
    feed.sign(Role.TARGETS, TARGETS, now);
    return feed.publish(SNAPSHOT, TIMESTAMP, now);
  }

  /** A client that trusts the feed's first root, as an agent provisioned out of band does. */
  public static Updater client(Feed feed, Path state, Clock clock) throws IOException {
    DurableFiles.write(
        state.resolve("root.json"),
        Files.readAllBytes(feed.repo().resolve("metadata/1.root.json")));
    return new Updater(
        new TrustedStore(state), new DirFetcher(feed.repo()), clock, Updater.Limits.DEFAULT);
  }

  /** Reads a repository from the disk, with the bound and the 404 an HTTP server would have. */
  public record DirFetcher(Path repo) implements Fetcher {
    @Override
    public byte[] fetch(String path, long maxLength) throws TufException {
      Path f = repo.resolve(path);
      try {
        if (!Files.isRegularFile(f)) {
          throw new TufException(TufException.Reason.NOT_FOUND, path + ": no such file");
        }
        if (Files.size(f) > maxLength) {
          throw new TufException(
              TufException.Reason.TOO_LARGE, path + ": more than " + maxLength + " bytes");
        }
        return Files.readAllBytes(f);
      } catch (IOException e) {
        throw new TufException(TufException.Reason.FETCH_FAILED, path + ": " + e, e);
      }
    }
  }
}
