package io.ledgerlab.docker.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import io.ledgerlab.docker.Daemon;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.Placeholders;
import io.ledgerlab.lab.process.NodeLauncher;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.process.netns.HostCommand;
import io.ledgerlab.runtime.disk.RocksNative;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The images nodes run in, all built on this machine (no registry is reached): found by a tag that
 * is their content's hash, and built only when no image has that tag. Three kinds:
 *
 * <ul>
 *   <li>the reference node: a {@code jlink}-ed Java runtime, the libraries it links, RocksDB's
 *       native library and Ledgerlab's classpath, on an empty image;
 *   <li>a program: the launch command's program, a host binary, at the same path in an empty image
 *       with the libraries it links (anvil from npm, for one);
 *   <li>a build context the manifest names ({@code launch.image}), built with its Dockerfile.
 * </ul>
 */
public final class Images {
  /** The value of {@link Daemon#LABEL} on images. */
  public static final String IMAGE = "image";

  /** The image's kind: reference, program or context. */
  public static final String KIND = "io.ledgerlab.image.kind";

  /** The full content hash. */
  public static final String CONTENT = "io.ledgerlab.image.content";

  /** Where things live in the reference image. */
  static final String JAVA_HOME = "/opt/ledgerlab/java";

  static final String CLASSPATH_DIR = "/opt/ledgerlab/cp";
  static final String NATIVE_DIR = "/opt/ledgerlab/native";

  /** The Java modules the reference node needs (java.desktop: java.beans, for YAML binding). */
  static final List<String> MODULES =
      List.of(
          "java.base",
          "java.desktop",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.sql",
          "java.xml",
          "jdk.crypto.ec",
          "jdk.httpserver",
          "jdk.management",
          "jdk.net",
          "jdk.unsupported",
          "jdk.zipfs");

  /** Native libraries of java.desktop the node never loads: they would pull in X11. */
  private static final List<String> DESKTOP_LIBRARIES =
      List.of("awt", "fontmanager", "jsound", "lcms", "mlib", "splashscreen", "javajpeg", "jawt");

  private static final long BUILD_MINUTES = 10;
  private static final long JLINK_SECONDS = 300;

  private final DockerClient docker;
  private final Consumer<String> progress;

  public Images(DockerClient docker, Consumer<String> progress) {
    this.docker = docker;
    this.progress = progress;
  }

  /**
   * The image a network's nodes run in, built if missing.
   *
   * @param classpath the classpath the reference node runs from (this JVM's, usually)
   * @throws IOException naming what cannot go in an image, or what the build said
   */
  public NodeImage forLaunch(Network.Launch launch, String classpath) throws IOException {
    if (launch.image().isPresent()) {
      return context(launch.image().get());
    }
    String first = launch.command().trim().split("\\s+")[0];
    if (first.equals("{java}")) {
      return reference(Path.of(System.getProperty("java.home")), classpath);
    }
    String program = Placeholders.fill(first, Map.of("here", launch.here().toString()));
    if (program.contains("{") || !program.contains("/")) {
      throw new IOException(
          "launch.command: the docker engine builds an image of the command's program, so it must"
              + " be a path on this host (or give launch.image, a directory with a Dockerfile),"
              + " got '"
              + first
              + "'");
    }
    return program(Path.of(program).toAbsolutePath().normalize());
  }

  /** The reference node's image: a jlink-ed runtime of {@code javaHome} and {@code classpath}. */
  public NodeImage reference(Path javaHome, String classpath) throws IOException {
    RootFs fs = new RootFs().dir("/tmp", 01777);
    List<String> inImage = new ArrayList<>();
    int i = 0;
    for (String entry : classpath.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.isEmpty() || p.endsWith("test-classes") || !Files.exists(p)) {
        continue; // the node needs no test classes; a missing entry holds nothing
      }
      String at = String.format(Locale.ROOT, "%s/%03d-%s", CLASSPATH_DIR, i++, p.getFileName());
      if (Files.isDirectory(p)) {
        fs.tree(at, p);
      } else {
        fs.file(at, p);
      }
      inImage.add(at);
    }
    Path jlink = javaHome.resolve("bin").resolve("jlink");
    if (!Files.isExecutable(jlink)) {
      throw new IOException(
          "the reference node's image holds a runtime made with jlink, which "
              + javaHome
              + " lacks: run Ledgerlab on a JDK, not a JRE");
    }
    for (Path lib : hostJavaLibraries(javaHome)) {
      fs.librariesOf(lib, javaHome);
    }
    try (Stream<Path> so = Files.list(rocksNative())) {
      for (Path lib : so.filter(f -> f.toString().endsWith(".so")).toList()) {
        fs.file(NATIVE_DIR + "/" + lib.getFileName(), lib);
        fs.librariesOf(lib, null);
      }
    }
    MessageDigest h = RootFs.sha256();
    h.update(fs.contentHash().getBytes(StandardCharsets.UTF_8));
    h.update(Files.readAllBytes(javaHome.resolve("release")));
    h.update(String.join(",", MODULES).getBytes(StandardCharsets.UTF_8));
    String hash = HexFormat.of().formatHex(h.digest());
    String tag = "ledgerlab/node-reference:" + hash.substring(0, 16);
    boolean built = false;
    if (!exists(tag)) {
      Path runtime = Files.createTempDirectory("ledgerlab-jlink").resolve("java");
      try {
        progress.accept("building the reference node's image " + tag + " (jlink, once)");
        jlink(jlink, runtime);
        fs.tree(JAVA_HOME, runtime);
        build(fs, tag, "reference", hash);
        built = true;
      } finally {
        RunFiles.deleteTree(runtime.getParent());
      }
    }
    return new NodeImage(
        tag,
        "reference",
        JAVA_HOME + "/bin/java",
        String.join(":", inImage),
        List.of("-Djava.library.path=" + NATIVE_DIR),
        built);
  }

  /**
   * RocksDB's native library, from the per-user cache the process engine's nodes load it from (so
   * its file, and so the image's hash, stays the same from run to run); a fresh copy when the cache
   * cannot be written.
   */
  private static Path rocksNative() throws IOException {
    try {
      return RocksNative.extractTo(RocksNative.versionedDir(NodeLauncher.cacheRoot()));
    } catch (IOException e) {
      return RocksNative.extractTo(Files.createTempDirectory("ledgerlab-native"));
    }
  }

  /** An image of one host program at its own path, with the libraries it links. */
  public NodeImage program(Path program) throws IOException {
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new IOException(
          "launch.command: the node's program " + program + " is not there or not executable");
    }
    Path real = program.toRealPath();
    if (!isElf(real)) {
      throw new IOException(
          "launch.command: the node's program "
              + program
              + " is not a binary (a script?); the docker engine builds an image of a binary with"
              + " the libraries it links, so give launch.image, a directory with a Dockerfile that"
              + " holds the program and what runs it");
    }
    RootFs fs = new RootFs().dir("/tmp", 01777).file(program.toString(), real);
    fs.librariesOf(real, null);
    String hash = fs.contentHash();
    String tag =
        "ledgerlab/node-"
            + imageName(program.getFileName().toString())
            + ":"
            + hash.substring(0, 16);
    boolean built = false;
    if (!exists(tag)) {
      progress.accept("building the image " + tag + " of " + program + " (once)");
      build(fs, tag, "program", hash);
      built = true;
    }
    return new NodeImage(tag, "program", "java", "", List.of(), built);
  }

  private static boolean isElf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 0x7f
          && magic[1] == 'E'
          && magic[2] == 'L'
          && magic[3] == 'F';
    }
  }

  /** An image of a build context the manifest names, with its own Dockerfile. */
  public NodeImage context(Path dir) throws IOException {
    MessageDigest h = RootFs.sha256();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
        h.update((dir.relativize(p) + "\0").getBytes(StandardCharsets.UTF_8));
        RootFs.digest(h, p);
      }
    }
    String hash = HexFormat.of().formatHex(h.digest());
    String tag =
        "ledgerlab/node-" + imageName(dir.getFileName().toString()) + ":" + hash.substring(0, 16);
    boolean built = false;
    if (!exists(tag)) {
      progress.accept("building the image " + tag + " from " + dir + " (once)");
      try {
        docker
            .buildImageCmd(dir.toFile())
            .withTags(Set.of(tag))
            .withLabels(labels("context", hash))
            .withPull(false)
            .withRemove(true)
            .exec(new BuildImageResultCallback())
            .awaitImageId(BUILD_MINUTES, TimeUnit.MINUTES);
      } catch (RuntimeException e) {
        throw new IOException(
            "launch.image: building "
                + dir
                + " failed: "
                + e.getMessage()
                + " (no registry is reachable here: FROM only scratch or an image built here)",
            e);
      }
      built = true;
    }
    return new NodeImage(tag, "context", "java", "", List.of(), built);
  }

  /** The images the lab built, newest first. */
  public List<Image> list() {
    List<Image> out =
        new ArrayList<>(docker.listImagesCmd().withLabelFilter(Map.of(Daemon.LABEL, IMAGE)).exec());
    out.sort((a, b) -> Long.compare(b.getCreated(), a.getCreated()));
    return out;
  }

  /** Removes every image the lab built that no container uses; returns the tags removed. */
  public List<String> prune() {
    List<String> removed = new ArrayList<>();
    for (Image image : list()) {
      try {
        docker.removeImageCmd(image.getId()).withForce(false).exec();
        removed.add(
            image.getRepoTags() == null ? image.getId() : String.join(",", image.getRepoTags()));
      } catch (com.github.dockerjava.api.exception.ConflictException e) {
        // In use by a container: kept.
      } catch (NotFoundException e) {
        // Removed with another tag of the same image.
      }
    }
    return removed;
  }

  private boolean exists(String tag) {
    try {
      docker.inspectImageCmd(tag).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private void build(RootFs fs, String tag, String kind, String hash) throws IOException {
    Path context = Files.createTempFile("ledgerlab-image", ".tar");
    try {
      try (OutputStream out = Files.newOutputStream(context)) {
        fs.writeContext(out);
      }
      try (InputStream in = Files.newInputStream(context)) {
        docker
            .buildImageCmd(in)
            .withTags(Set.of(tag))
            .withLabels(labels(kind, hash))
            .withPull(false)
            .withRemove(true)
            .exec(new BuildImageResultCallback())
            .awaitImageId(BUILD_MINUTES, TimeUnit.MINUTES);
      } catch (RuntimeException e) {
        throw new IOException("building the image " + tag + " failed: " + e.getMessage(), e);
      }
    } finally {
      Files.deleteIfExists(context);
    }
  }

  private static Map<String, String> labels(String kind, String hash) {
    return Map.of(Daemon.LABEL, IMAGE, KIND, kind, CONTENT, hash);
  }

  /** The host JDK's launcher and native libraries the reference node may load. */
  private static List<Path> hostJavaLibraries(Path javaHome) throws IOException {
    List<Path> out = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java")));
    try (Stream<Path> all = Files.walk(javaHome.resolve("lib"))) {
      all.filter(p -> p.getFileName().toString().endsWith(".so"))
          .filter(
              p ->
                  DESKTOP_LIBRARIES.stream()
                      .noneMatch(d -> p.getFileName().toString().startsWith("lib" + d)))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  private static void jlink(Path jlink, Path output) throws IOException {
    HostCommand.run(
        List.of(
            jlink.toString(),
            "--add-modules",
            String.join(",", MODULES),
            "--strip-debug",
            "--no-man-pages",
            "--no-header-files",
            "--compress=2",
            "--output",
            output.toString()),
        null,
        "a JDK with jlink",
        JLINK_SECONDS);
  }

  /** A Docker repository name from a file name: lower case, letters, digits, '.', '-', '_'. */
  static String imageName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    return n.replaceAll("^[^a-z0-9]+", "").isEmpty() ? "node" : n.replaceAll("^[^a-z0-9]+", "");
  }
}
