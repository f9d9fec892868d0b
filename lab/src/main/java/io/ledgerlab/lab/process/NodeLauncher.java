package io.ledgerlab.lab.process;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Placeholders;
import io.ledgerlab.runtime.disk.RocksNative;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the manifest's command template into one node's command line. The template is split on
 * spaces; {@code {jvmOptions}} expands to several arguments, the other placeholders are replaced
 * inside arguments (see {@link Placeholders}): {@code {java}} and {@code {classpath}} from this
 * launcher, the node's ports and directories from the engine, the rest from the target. Another
 * node binary plugs in with its own template.
 */
public final class NodeLauncher {
  private final String template;
  private final List<String> jvmOptions;
  private final Path java;
  private final String classpath;
  private final boolean onThisHost;
  private List<String> startOptions;

  public NodeLauncher(String template, List<String> jvmOptions, Path java, String classpath) {
    this(template, jvmOptions, java, classpath, true);
  }

  private NodeLauncher(
      String template, List<String> jvmOptions, Path java, String classpath, boolean onThisHost) {
    this.template = template;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.java = java;
    this.classpath = classpath;
    this.onThisHost = onThisHost;
  }

  /**
   * A launcher of nodes that run elsewhere, such as in a container image: {@code java} and {@code
   * classpath} are paths there, and nothing of this host (its class-data archive, its extracted
   * native libraries) is added to the command.
   */
  public static NodeLauncher elsewhere(
      String template, List<String> jvmOptions, Path java, String classpath) {
    return new NodeLauncher(template, jvmOptions, java, classpath, false);
  }

  /**
   * RocksDB's native library extracted once per machine (or per run when the cache is not
   * writable), instead of to a new temporary file at every node start.
   */
  private static Optional<Path> nativeLibraries(RunLayout run) {
    for (Path root : List.of(cacheRoot(), run.root().resolve("native"))) {
      try {
        return Optional.of(RocksNative.extractTo(RocksNative.versionedDir(root)));
      } catch (IOException e) {
        // Try the next place; without any, RocksDB falls back to its own temporary copy.
      }
    }
    return Optional.empty();
  }

  /** Ledgerlab's per-user cache: native libraries and class-data archives. */
  public static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    return xdg != null && !xdg.isBlank()
        ? Path.of(xdg, "ledgerlab")
        : Path.of(System.getProperty("user.home"), ".cache", "ledgerlab");
  }

  /** Where this launcher's class-data archive lives, when nodes run from one jar. */
  public Optional<Path> classDataArchive() {
    if (!template.contains("{jvmOptions}") || !template.contains("{classpath}")) {
      return Optional.empty();
    }
    return ClassDataArchive.location(java, classpath, cacheRoot());
  }

  /** Makes the class-data archive once, so that nodes start faster; false when it could not. */
  public boolean prepareClassDataArchive() {
    return classDataArchive()
        .map(a -> ClassDataArchive.ensure(java, classpath, a, jvmOptions))
        .orElse(false);
  }

  /** The same launcher with another node classpath: a software version of its own. */
  public NodeLauncher withClasspath(String otherClasspath) {
    return new NodeLauncher(template, jvmOptions, java, otherClasspath, onThisHost);
  }

  /** A launcher that runs nodes on this JVM's java and classpath. */
  public static NodeLauncher ofCurrentJvm(String template, List<String> jvmOptions) {
    return new NodeLauncher(
        template,
        jvmOptions,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        currentClasspath());
  }

  /**
   * This JVM's classpath with absolute entries: nodes run in their own directories (or images), not
   * in the lab's.
   */
  public static String currentClasspath() {
    return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * Checks what can be checked before anything starts.
   *
   * @throws IllegalStateException naming what is missing
   */
  public void check() {
    if (template.contains("{java}") && !Files.isExecutable(java)) {
      throw new IllegalStateException(
          "no Java at " + java + "; install a JDK 17 or newer, or set JAVA_HOME");
    }
    if (template.contains("{classpath}") && (classpath == null || classpath.isBlank())) {
      throw new IllegalStateException("the classpath to launch nodes from is empty");
    }
  }

  /**
   * Checks that the program the command starts is there, so that a node binary not installed is
   * named before anything starts rather than seen as every node exiting at once.
   *
   * @param here the directory {@code {here}} stands for
   * @throws IllegalStateException naming the program and the key that asks for it
   */
  public void checkProgram(Path here) {
    String first = template.trim().split("\\s+")[0];
    String program = first.replace("{here}", here.toString()).replace("{java}", java.toString());
    if (program.contains("{")) {
      return; // filled in per node: checked when it starts
    }
    boolean found =
        program.contains("/")
            ? Files.isExecutable(Path.of(program))
            : Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    if (!found) {
      throw new IllegalStateException(
          "launch.command: the node's program "
              + program
              + " is not there or not executable"
              + (program.contains("tools/ethereum/")
                  ? "; install the Ethereum nodes with: npm ci --prefix tools/ethereum"
                  : ""));
    }
  }

  /**
   * The options that make a node start fast, worked out on the first command and reused for every
   * node and restart after it: the archive and the native library do not change during a run.
   */
  private synchronized List<String> startOptions(RunLayout run) {
    if (startOptions == null) {
      List<String> options = new ArrayList<>();
      if (!onThisHost) {
        startOptions = List.of();
        return startOptions;
      }
      classDataArchive()
          .filter(Files::isRegularFile)
          .ifPresent(a -> options.addAll(ClassDataArchive.useOptions(a)));
      nativeLibraries(run).ifPresent(dir -> options.add("-Djava.library.path=" + dir));
      startOptions = List.copyOf(options);
    }
    return startOptions;
  }

  /**
   * One node's command line.
   *
   * @param values every placeholder's value but this launcher's own ({@code {java}}, {@code
   *     {classpath}}, {@code {jvmOptions}})
   */
  public List<String> command(Map<String, String> values, RunLayout run) {
    Map<String, String> all = new HashMap<>(values);
    all.put("java", java.toString());
    all.put("classpath", classpath == null ? "" : classpath);
    List<String> out = new ArrayList<>();
    for (String token : template.trim().split("\\s+")) {
      if (token.equals("{jvmOptions}")) {
        out.addAll(jvmOptions);
        out.addAll(startOptions(run));
        continue;
      }
      out.add(Placeholders.fill(token, all));
    }
    // A program named by a relative path is the lab's (checkProgram found it there), not one in
    // the node's own directory, where the node runs.
    String program = out.get(0);
    if (program.contains("/") && !Path.of(program).isAbsolute()) {
      out.set(0, Path.of(program).toAbsolutePath().normalize().toString());
    }
    return out;
  }
}
