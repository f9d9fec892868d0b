package io.ledgerlab.docker.image;

import io.ledgerlab.lab.process.netns.HostCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The root filesystem of an image built {@code FROM scratch}: files of this host placed at paths in
 * the image, with the shared libraries each program links (as {@code ldd} resolves them here), so
 * that an image needs no base image and no registry. The build context it writes is reproducible:
 * entries in path order, owned by root, one fixed time, so equal content makes an equal context and
 * {@link #contentHash()} names it.
 */
public final class RootFs {
  /** Every entry's modification time in the context: 2026-01-01, so contexts do not vary. */
  private static final long FIXED_TIME_MILLIS = 1_767_225_600_000L;

  private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");
  private static final String DOCKERFILE = "FROM scratch\nCOPY rootfs/ /\n";

  /** Path in the image → where its bytes come from (null for a directory) and its mode. */
  private final Map<String, Entry> entries = new TreeMap<>();

  private record Entry(Path source, int mode) {}

  /** Adds a host file at {@code imagePath}, following links; executable files keep 0755. */
  public RootFs file(String imagePath, Path host) {
    Path real = host.toAbsolutePath();
    parents(imagePath);
    entries.put(imagePath, new Entry(real, Files.isExecutable(real) ? 0755 : 0644));
    return this;
  }

  /** Adds a directory (and its parents) with {@code mode}, such as 01777 for {@code /tmp}. */
  public RootFs dir(String imagePath, int mode) {
    parents(imagePath);
    entries.put(imagePath, new Entry(null, mode));
    return this;
  }

  /** Adds every file under {@code hostDir} below {@code imagePath}. */
  public RootFs tree(String imagePath, Path hostDir) throws IOException {
    dir(imagePath, 0755);
    try (Stream<Path> all = Files.walk(hostDir)) {
      for (Path p : all.sorted().toList()) {
        String rel = hostDir.relativize(p).toString();
        if (rel.isEmpty()) {
          continue;
        }
        if (Files.isDirectory(p)) {
          dir(imagePath + "/" + rel, 0755);
        } else if (Files.isRegularFile(p)) {
          file(imagePath + "/" + rel, p);
        }
      }
    }
    return this;
  }

  /**
   * Adds the shared libraries {@code program} links and its loader, each at the path this host
   * resolves it to; libraries inside {@code skipUnder} (a runtime carrying its own) are left out.
   *
   * @throws IOException when {@code ldd} cannot run or a library is not found
   */
  public RootFs librariesOf(Path program, Path skipUnder) throws IOException {
    for (Path lib : libraries(program)) {
      if (skipUnder == null || !lib.startsWith(skipUnder)) {
        file(lib.toString(), lib);
      }
    }
    return this;
  }

  /**
   * What {@code ldd} said and what hashes came out, by file stamps: a lab that starts many networks
   * in one JVM (a test suite) asks once per file version, not once per network.
   */
  private static final Map<String, List<Path>> LIBRARIES = new ConcurrentHashMap<>();

  private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

  /** The libraries {@code ldd} says {@code program} needs; statically linked programs need none. */
  static List<Path> libraries(Path program) throws IOException {
    String stamp = stamp(program);
    List<Path> known = LIBRARIES.get(stamp);
    if (known != null) {
      return known;
    }
    List<Path> libs = List.copyOf(askLdd(program));
    LIBRARIES.put(stamp, libs);
    return libs;
  }

  /** A file's path, size and modification time: what changes when the file does. */
  private static String stamp(Path file) throws IOException {
    return file + "\0" + Files.size(file) + "\0" + Files.getLastModifiedTime(file).toMillis();
  }

  private static List<Path> askLdd(Path program) throws IOException {
    String out;
    try {
      out =
          HostCommand.run(
              List.of("ldd", program.toString()), null, "ldd (apt-get install libc-bin)");
    } catch (IOException e) {
      if (e.getMessage().contains("not a dynamic executable")) {
        return List.of();
      }
      throw new IOException(program + " is not a program this host can run: " + e.getMessage(), e);
    }
    List<Path> libs = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.contains("not found")) {
        String name = line.trim().split("\\s")[0];
        if (!name.startsWith("lib") || !program.toString().contains("/lib/")) {
          throw new IOException(program + " links " + name + ", which this host does not have");
        }
        continue; // a JDK library found by the JVM itself, not by the loader
      }
      Matcher m = LDD_PATH.matcher(line);
      if (m.find()) {
        libs.add(Path.of(m.group(1)));
      }
    }
    return libs;
  }

  private void parents(String imagePath) {
    Path p = Path.of(imagePath).getParent();
    while (p != null && !p.toString().equals("/")) {
      entries.putIfAbsent(p.toString(), new Entry(null, 0755));
      p = p.getParent();
    }
  }

  /**
   * A SHA-256 over every path, mode and content: equal hashes, equal images. Remembered for the
   * same paths, modes and file stamps, so the same classpath is read once per JVM.
   */
  public String contentHash() throws IOException {
    StringBuilder stamps = new StringBuilder();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      stamps.append(e.getKey()).append('\0').append(e.getValue().mode()).append('\0');
      if (e.getValue().source() != null) {
        stamps.append(stamp(e.getValue().source()));
      }
      stamps.append('\n');
    }
    String key = stamps.toString();
    String known = HASHES.get(key);
    if (known != null) {
      return known;
    }
    String hash = hashContent();
    HASHES.put(key, hash);
    return hash;
  }

  private String hashContent() throws IOException {
    MessageDigest all = sha256();
    all.update(DOCKERFILE.getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      all.update(
          (e.getKey() + "\0" + Integer.toOctalString(e.getValue().mode()) + "\0")
              .getBytes(StandardCharsets.UTF_8));
      if (e.getValue().source() != null) {
        digest(all, e.getValue().source());
      }
    }
    return HexFormat.of().formatHex(all.digest());
  }

  /** Feeds {@code file}'s bytes to {@code digest}. */
  static void digest(MessageDigest digest, Path file) throws IOException {
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
  }

  /** The total size of the files, in bytes. */
  public long bytes() throws IOException {
    long sum = 0;
    for (Entry e : entries.values()) {
      sum += e.source() == null ? 0 : Files.size(e.source());
    }
    return sum;
  }

  /** Writes the build context: a Dockerfile copying {@code rootfs/} onto an empty image. */
  public void writeContext(OutputStream out) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      byte[] dockerfile = DOCKERFILE.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry d = entry("Dockerfile", 0644);
      d.setSize(dockerfile.length);
      tar.putArchiveEntry(d);
      tar.write(dockerfile);
      tar.closeArchiveEntry();
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        String name = "rootfs" + e.getKey();
        if (e.getValue().source() == null) {
          tar.putArchiveEntry(entry(name + "/", e.getValue().mode()));
        } else {
          TarArchiveEntry f = entry(name, e.getValue().mode());
          f.setSize(Files.size(e.getValue().source()));
          tar.putArchiveEntry(f);
          Files.copy(e.getValue().source(), tar);
        }
        tar.closeArchiveEntry();
      }
    }
  }

  private static TarArchiveEntry entry(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(mode);
    e.setModTime(FIXED_TIME_MILLIS);
    e.setIds(0, 0);
    return e;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
