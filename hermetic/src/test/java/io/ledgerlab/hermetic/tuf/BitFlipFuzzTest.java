package io.ledgerlab.hermetic.tuf;

import static io.ledgerlab.hermetic.tuf.TestRepository.key;
import static io.ledgerlab.hermetic.tuf.TestRepository.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.hermetic.tuf.TestRepository.Publication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages one file of a valid publication at a time — one flipped bit, or a cut at a random length
 * — and serves it to a client: the client must refuse, or accept exactly what the valid publication
 * says. The seed fixes every choice; a failure names the mutation, so it can be replayed.
 */
class BitFlipFuzzTest {
  private static final long SEED = 0x7475665f666c6970L;
  private static final int MUTATIONS = 10_000;

  /** Why an accepted mutation was harmless. */
  private enum Harmless {
    /** The file parses to the same JSON: only whitespace or the final newline changed. */
    SAME_JSON
  }

  @TempDir Path tmp;

  @Test
  void noMutatedFileIsAcceptedAsSomethingElse() throws Exception {
    TestRepository repo = TestRepository.create();
    repo.addTarget("instructions/1.json", utf8("{\"do\":\"restart\",\"node\":\"n1\"}"));
    repo.addTarget("notes/readme.txt", utf8("Instructions for the nodes of this network.\n"));
    Publication first = repo.publish();
    repo.setKeys(Role.ROOT, 1, key("root-2"));
    repo.rotateRoot();
    repo.addTarget("instructions/2.json", utf8("{\"do\":\"upgrade\",\"to\":\"0.2.0\"}"));
    Publication second = repo.publish();

    // The reference: what a client trusts after the valid second publication.
    Updater.Trusted expected = repo.client(tmp.resolve("reference")).refresh();
    Map<String, byte[]> expectedTargets = repo.targets();
    // A client that trusts the first publication: its trusted files, restored before each run.
    repo.serve(first);
    Path firstDir = tmp.resolve("first");
    repo.client(firstDir).refresh();
    Map<Role, byte[]> trustingFirst = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      trustingFirst.put(r, new TrustedStore(firstDir).read(r).orElseThrow());
    }

    // Every file the second update reads (root 1 is the client's own).
    List<String> files = new ArrayList<>();
    files.add("metadata/2.root.json");
    files.add("metadata/timestamp.json");
    files.add("metadata/2.snapshot.json");
    files.add("metadata/2.targets.json");
    expectedTargets.forEach((path, content) -> files.add(TestRepository.targetPath(path, content)));

    Random random = new Random(SEED);
    Map<TufException.Reason, Integer> refused = new EnumMap<>(TufException.Reason.class);
    Map<Harmless, Integer> harmless = new EnumMap<>(Harmless.class);
    List<String> accepted = new ArrayList<>();
    Path scratch = scratch();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < MUTATIONS; i++) {
        String path = files.get(random.nextInt(files.size()));
        byte[] original = second.file(path);
        byte[] mutated;
        String what;
        if (random.nextBoolean()) {
          int bit = random.nextInt(original.length * 8);
          mutated = original.clone();
          mutated[bit >>> 3] ^= (byte) (1 << (bit & 7));
          what = "bit " + bit + " flipped";
        } else {
          int length = random.nextInt(original.length);
          mutated = Arrays.copyOf(original, length);
          what = "cut at " + length + " of " + original.length + " bytes";
        }
        boolean trusting = random.nextInt(4) == 0;
        String mutation =
            "mutation "
                + i
                + " (seed "
                + Long.toHexString(SEED)
                + "): "
                + path
                + ", "
                + what
                + (trusting ? ", client trusting the first publication" : ", fresh client");

        TrustedStore store = reset(scratch, repo, trusting ? trustingFirst : Map.of());
        repo.serve(second);
        repo.put(path, mutated);
        Updater client = new Updater(store, repo, TestRepository.CLOCK, Updater.Limits.DEFAULT);
        try {
          Updater.Trusted t = client.refresh();
          Map<String, byte[]> got = new TreeMap<>();
          for (String target : t.targets().targets().keySet()) {
            got.put(target, client.target(target));
          }
          if (t.equals(expected) && sameContent(got, expectedTargets)) {
            harmless.merge(harmless(original, mutated, mutation), 1, Integer::sum);
          } else {
            accepted.add(mutation);
          }
        } catch (TufException e) {
          refused.merge(e.reason(), 1, Integer::sum);
        } catch (RuntimeException e) {
          throw new AssertionError(mutation + ": not a TufException", e);
        }
      }
    } finally {
      deleteRecursively(scratch);
    }
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    int refusedTotal = refused.values().stream().mapToInt(Integer::intValue).sum();
    int harmlessTotal = harmless.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "bitflip: seed=0x%x, %d mutations, %d refused, %d harmless (the same JSON: whitespace or"
            + " the final newline), %d accepted, %d ms%n",
        SEED, MUTATIONS, refusedTotal, harmlessTotal, accepted.size(), tookMillis);
    System.out.println("bitflip: refused by reason " + refused);

    assertThat(accepted).as("mutations accepted as something else").isEmpty();
    assertThat(refusedTotal + harmlessTotal).isEqualTo(MUTATIONS);
    // A mutation is harmless only by luck; if many were, the fuzz would be testing little.
    assertThat(refusedTotal).isGreaterThan(MUTATIONS * 95 / 100);
  }

  /**
   * Why {@code mutated}, accepted, said the same as {@code original}; fails if it did not, since
   * then the client accepted different content.
   */
  private static Harmless harmless(byte[] original, byte[] mutated, String mutation) {
    JsonNode before;
    JsonNode after;
    try {
      before = StrictJson.MAPPER.readTree(original);
      after = StrictJson.MAPPER.readTree(mutated);
    } catch (IOException e) {
      throw new AssertionError(mutation + ": accepted, yet not JSON", e);
    }
    // Signatures are lowercase hex (Key.verifies): a spelling of other case is refused, so the
    // only harmless change left is one that leaves the JSON itself as it was.
    assertThat(after).as(mutation + ": accepted, yet another document").isEqualTo(before);
    return Harmless.SAME_JSON;
  }

  private static boolean sameContent(Map<String, byte[]> a, Map<String, byte[]> b) {
    return a.keySet().equals(b.keySet())
        && a.keySet().stream().allMatch(k -> Arrays.equals(a.get(k), b.get(k)));
  }

  /**
   * A trusted store holding root 1, and {@code trusted}'s files over it: a fresh client, or one
   * that trusts the first publication.
   */
  private static TrustedStore reset(Path dir, TestRepository repo, Map<Role, byte[]> trusted) {
    TrustedStore store = new TrustedStore(dir);
    for (Role r : Role.values()) {
      store.delete(r);
    }
    store.write(Role.ROOT, repo.initialRoot());
    trusted.forEach(store::write);
    return store;
  }

  /**
   * Where the stores of 10,000 clients go: memory when the machine has a tmpfs, since each trusted
   * write is forced to the disk and the disk is not what is tested here.
   */
  private Path scratch() throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, "tuf-bitflip-");
    }
    return Files.createDirectories(tmp.resolve("scratch"));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
