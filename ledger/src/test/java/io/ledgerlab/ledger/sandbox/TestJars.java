package io.ledgerlab.ledger.sandbox;

import io.ledgerlab.ledger.sandbox.samples.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Packs sample classes, read from the test classpath, into chain-code jars. */
public final class TestJars {
  private TestJars() {}

  /** A jar holding {@code impl} (named in the service file), its nested classes, and Sample. */
  public static Path of(Path dir, Class<?> impl) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    addWithNested(entries, Sample.class);
    addWithNested(entries, impl);
    entries.put(JarContents.SERVICE_FILE, (impl.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    return write(dir.resolve(impl.getSimpleName() + ".jar"), entries);
  }

  public static void addWithNested(Map<String, byte[]> entries, Class<?> c) {
    String path = c.getName().replace('.', '/');
    try {
      Path file = Path.of(c.getResource(c.getSimpleName() + ".class").toURI());
      try (Stream<Path> siblings = Files.list(file.getParent())) {
        for (Path p : (Iterable<Path>) siblings.sorted()::iterator) {
          String name = p.getFileName().toString();
          if (name.equals(c.getSimpleName() + ".class")
              || name.startsWith(c.getSimpleName() + "$")) {
            String entry = path.substring(0, path.lastIndexOf('/') + 1) + name;
            entries.put(entry, Files.readAllBytes(p));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path write(Path jar, Map<String, byte[]> entries) {
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  static byte[] read(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
