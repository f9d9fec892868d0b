package io.ledgerlab.ledger.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a chain-code jar holds, read from its bytes within fixed bounds: its classes by internal
 * name, the implementation its service file names, and what is wrong with the jar as a whole.
 */
record JarContents(Map<String, byte[]> classes, String service, List<Violation> problems) {
  static final String SERVICE_FILE = "META-INF/services/io.ledgerlab.chaincode.ChainCode";
  static final String JAR_RULE = "jar layout";
  static final String BOUNDS_RULE = "jar size limits";

  static JarContents read(byte[] jar) throws IOException {
    Map<String, byte[]> classes = new TreeMap<>();
    List<Violation> problems = new ArrayList<>();
    String service = null;
    boolean sawService = false;
    int entries = 0;
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++entries > Sandbox.JAR_ENTRIES_MAX) {
          problems.add(
              Violation.ofJar(
                  Violation.JAR,
                  "has more than " + Sandbox.JAR_ENTRIES_MAX + " entries",
                  BOUNDS_RULE));
          break;
        }
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        byte[] bytes = readBounded(zip, Sandbox.JAR_BYTES_MAX - total);
        if (bytes == null) {
          problems.add(
              Violation.ofJar(
                  name,
                  "takes the jar past " + Sandbox.JAR_BYTES_MAX + " bytes uncompressed",
                  BOUNDS_RULE));
          break;
        }
        total += bytes.length;
        String problem = null;
        if (name.equals(SERVICE_FILE)) {
          sawService = true;
          service = serviceLine(bytes);
          if (service == null) {
            problem = "must name exactly one class on one line";
          }
        } else if (name.startsWith("META-INF/versions/")) {
          problem = "multi-release classes are not supported";
        } else if (name.endsWith(".class")) {
          String internal = name.substring(0, name.length() - ".class".length());
          if (internal.equals("module-info") || internal.endsWith("/package-info")) {
            continue;
          }
          if (classes.put(internal, bytes) != null) {
            problem = "appears twice";
          }
        } else if (!name.startsWith("META-INF/")) {
          problem =
              "is neither a class nor under META-INF (no nested jars, libraries or resources)";
        } else if (isCode(name)) {
          problem = "is code that is not a class file";
        }
        if (problem != null) {
          problems.add(Violation.ofJar(name, problem, JAR_RULE));
        }
      }
    }
    if (!sawService) {
      problems.add(
          Violation.ofJar(
              Violation.JAR, "has no " + SERVICE_FILE + " naming its ChainCode", JAR_RULE));
    }
    if (classes.isEmpty()) {
      problems.add(Violation.ofJar(Violation.JAR, "has no classes", JAR_RULE));
    }
    return new JarContents(classes, service, problems);
  }

  private static boolean isCode(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (String ext : List.of(".jar", ".zip", ".war", ".so", ".dll", ".dylib", ".jnilib")) {
      if (lower.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  /** The one class name in a service file, as an internal name, or null. */
  private static String serviceLine(byte[] bytes) {
    List<String> lines = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
      int comment = line.indexOf('#');
      String text = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (!text.isEmpty()) {
        lines.add(text);
      }
    }
    if (lines.size() != 1
        || !lines.get(0).matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
      return null;
    }
    return lines.get(0).replace('.', '/');
  }

  /** Reads an entry, or returns null when it holds more than {@code limit} bytes. */
  private static byte[] readBounded(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long read = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      read += n;
      if (read > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
