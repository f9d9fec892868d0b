package io.ledgerlab.lab.chaincode;

import io.ledgerlab.chaincode.ChainCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Packs chain-code classes of the test classpath into a jar, the way a user's build would. */
public final class TestJars {
  private TestJars() {}

  public static Path pack(Path jar, Class<? extends ChainCode> main, Class<?>... others)
      throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      put(out, main);
      for (Class<?> c : others) {
        put(out, c);
      }
      out.putNextEntry(new JarEntry("META-INF/services/" + ChainCode.class.getName()));
      out.write((main.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  private static void put(JarOutputStream out, Class<?> c) throws IOException {
    String entry = c.getName().replace('.', '/') + ".class";
    try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }
}
