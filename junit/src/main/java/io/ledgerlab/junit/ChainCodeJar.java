package io.ledgerlab.junit;

import io.ledgerlab.chaincode.ChainCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Packs a chain-code class from the test classpath into the jar a node installs: the class, its
 * nested classes at any depth, and — when it was loaded from a directory, as test classes are —
 * every {@code Outer$...} class file beside it (anonymous and local classes, which reflection does
 * not list), and {@code META-INF/services/io.ledgerlab.chaincode.ChainCode} naming it. Entries
 * carry a fixed time, so the same class makes the same bytes. The SDK is not packed: the node
 * provides it.
 */
public final class ChainCodeJar {
  /** Zip times before 1980 are not representable; this is the first that is, in UTC. */
  private static final long FIXED_TIME_MILLIS = 315_532_800_000L;

  private static final String SERVICE = "META-INF/services/" + ChainCode.class.getName();

  private ChainCodeJar() {}

  /**
   * Writes {@code code}'s jar into {@code dir} as {@code <simple name>.jar} and returns its path.
   *
   * @throws IllegalArgumentException when the class cannot be installed: not public, abstract, or
   *     without a public no-argument constructor
   */
  public static Path write(Class<? extends ChainCode> code, Path dir) throws IOException {
    requireInstallable(code);
    Files.createDirectories(dir);
    Path jar = dir.resolve(code.getSimpleName() + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      JarEntry m = entry("META-INF/MANIFEST.MF");
      out.putNextEntry(m);
      manifest.write(out);
      out.closeEntry();
      out.putNextEntry(entry(SERVICE));
      out.write((code.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      for (String resource : resources(code)) {
        out.putNextEntry(entry(resource));
        out.write(bytes(code, resource));
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * The class files to pack, in a stable order: the class and every class it reaches — its
   * superclass, nested, anonymous and helper classes, records it stores — found by reading each
   * class file's references (ASM), that the class's own loader has as a class file. The JDK and the
   * SDK are not packed: the node provides them, and the sandbox decides what of the JDK a jar may
   * reach.
   */
  static Set<String> resources(Class<?> code) throws IOException {
    ClassLoader loader = loader(code);
    Set<String> out = new java.util.TreeSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(code.getName().replace('.', '/'));
    while (!todo.isEmpty()) {
      String name = todo.poll();
      String resource = name + ".class";
      if (provided(name) || out.contains(resource)) {
        continue;
      }
      byte[] bytes;
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          continue;
        }
        bytes = in.readAllBytes();
      }
      out.add(resource);
      todo.addAll(references(bytes));
    }
    return out;
  }

  private static boolean provided(String internalName) {
    return internalName.startsWith("java/")
        || internalName.startsWith("javax/")
        || internalName.startsWith("jdk/")
        || internalName.startsWith("sun/")
        || internalName.startsWith("io/ledgerlab/chaincode/");
  }

  /** Every class a class file names: in its signature, members, code and inner-class table. */
  private static Set<String> references(byte[] classFile) {
    Set<String> names = new java.util.TreeSet<>();
    org.objectweb.asm.commons.Remapper collect =
        new org.objectweb.asm.commons.Remapper() {
          @Override
          public String map(String internalName) {
            names.add(internalName);
            return internalName;
          }
        };
    new org.objectweb.asm.ClassReader(classFile)
        .accept(
            new org.objectweb.asm.commons.ClassRemapper(
                new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {}, collect),
            0);
    return names;
  }

  private static void requireInstallable(Class<? extends ChainCode> code) {
    int m = code.getModifiers();
    if (!Modifier.isPublic(m) || Modifier.isAbstract(m) || code.isInterface()) {
      throw new IllegalArgumentException(
          code.getName() + " must be a public, concrete class to be installed as chain code");
    }
    if (code.getEnclosingClass() != null && !Modifier.isStatic(m)) {
      throw new IllegalArgumentException(
          code.getName() + " is an inner class: make it static, or a top-level class");
    }
    try {
      if (!Modifier.isPublic(code.getConstructor().getModifiers())) {
        throw new NoSuchMethodException();
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          code.getName() + " needs a public no-argument constructor: the node makes it so");
    }
  }

  private static byte[] bytes(Class<?> c, String resource) throws IOException {
    try (InputStream in = loader(c).getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no class file " + resource + " on the classpath of " + loader(c));
      }
      return in.readAllBytes();
    }
  }

  private static ClassLoader loader(Class<?> c) {
    return c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
  }

  private static JarEntry entry(String name) {
    JarEntry e = new JarEntry(name);
    e.setTime(FIXED_TIME_MILLIS);
    return e;
  }
}
