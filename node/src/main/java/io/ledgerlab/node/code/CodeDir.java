package io.ledgerlab.node.code;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.chaincode.CodeSource;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The chain-code jars in a node's code directory: every {@code *.jar} in it (not below), each
 * checked and loaded by the sandbox and keyed by its SHA-256. A jar once loaded stays: removing the
 * file does not take code from a running node. {@link #rescan} picks up jars added since; files
 * already seen are read again only when their size or time changed.
 */
public final class CodeDir implements CodeSource {
  /** The most jar files one directory may hold; more are reported and skipped. */
  public static final int JARS_MAX = 256;

  /** The most jars one rescan loads, so a node's loop is never held for long. */
  static final int LOADS_PER_SCAN_MAX = 16;

  private final Path dir;
  private final Consumer<Problem> problems;
  private final Map<String, ChainCode> bySha = new HashMap<>();
  private final Map<Path, Seen> seen = new HashMap<>();

  /** A jar that could not be used, and why; for the node's log. */
  public record Problem(Path jar, String reason) {}

  /** A file as last looked at: its size and time, and its hash when it loaded. */
  private record Seen(long sizeBytes, long modifiedMillis) {}

  private CodeDir(Path dir, Consumer<Problem> problems) {
    this.dir = dir;
    this.problems = problems;
  }

  /**
   * Opens {@code dir} (which may not exist yet: a node can be given its jars later) and loads every
   * jar in it now.
   */
  public static CodeDir open(Path dir, Consumer<Problem> problems) {
    CodeDir code = new CodeDir(dir, problems);
    code.scan(Integer.MAX_VALUE);
    return code;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public Optional<ChainCode> find(String name, int version, String sha256) {
    ChainCode code = bySha.get(sha256);
    return code != null && code.name().equals(name) && code.version() == version
        ? Optional.of(code)
        : Optional.empty();
  }

  /** The SHA-256 of every jar loaded so far, with the chain code each holds. */
  public Map<String, String> loaded() {
    Map<String, String> out = new TreeMap<>();
    bySha.forEach((sha, code) -> out.put(sha, code.name() + " version " + code.version()));
    return out;
  }

  @Override
  public boolean rescan() {
    return scan(LOADS_PER_SCAN_MAX) > 0;
  }

  /** Loads up to {@code loadsMax} new or changed jars; returns how many loaded. */
  private int scan(int loadsMax) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int loaded = 0;
    for (Path jar : jars()) {
      if (loaded >= loadsMax) {
        break;
      }
      Seen now;
      try {
        BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
        now = new Seen(a.size(), a.lastModifiedTime().toMillis());
      } catch (IOException e) {
        continue;
      }
      if (now.equals(seen.get(jar))) {
        continue;
      }
      seen.put(jar, now);
      if (load(jar)) {
        loaded++;
      }
    }
    return loaded;
  }

  private List<Path> jars() {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
      for (Path p : files) {
        if (out.size() >= JARS_MAX) {
          problems.accept(
              new Problem(
                  p, "more than " + JARS_MAX + " jars in " + dir + "; the rest are skipped"));
          break;
        }
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      problems.accept(new Problem(dir, "cannot list the code directory: " + e.getMessage()));
    }
    out.sort(null);
    return out;
  }

  private boolean load(Path jar) {
    try {
      String sha = Sandbox.sha256Hex(jar);
      if (bySha.containsKey(sha)) {
        return false;
      }
      bySha.put(sha, Sandbox.load(jar, sha));
      return true;
    } catch (SandboxException | IOException e) {
      problems.accept(new Problem(jar, e.getMessage()));
      return false;
    }
  }
}
