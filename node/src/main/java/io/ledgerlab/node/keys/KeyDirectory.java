package io.ledgerlab.node.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.keystore.Keystore;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Label;
import io.ledgerlab.ledger.crypto.keystore.Role;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of keystores, one per name ({@code <name>.json}), and a {@code revoked/} record of
 * the keys taken out of service: each revoked keystore kept as it was ({@code
 * revoked/<name>-<address>.json}) beside a record of when, why and what replaced it ({@code
 * revoked/<name>-<address>.revoked.json}). Nothing here needs a password: what a listing shows is
 * what a keystore says in the clear.
 */
public final class KeyDirectory {
  public static final String REVOKED = "revoked";
  private static final String RECORD = ".revoked.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public KeyDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /** The keystore file of {@code name}. */
  public Path file(String name) {
    if (!Label.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a key name is 1-64 letters, digits, _ . - (not starting with a dot), got '"
              + name
              + "'");
    }
    return dir.resolve(name + ".json");
  }

  /**
   * The keystore of {@code name}.
   *
   * @throws NoSuchFileException when there is no key of that name
   */
  public Keystore read(String name) throws IOException, KeystoreException {
    Path file = file(name);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no key named '" + name + "' in " + dir);
    }
    return KeystoreFiles.read(file);
  }

  /**
   * Adds a keystore under its name.
   *
   * @throws FileAlreadyExistsException when the name is taken
   */
  public Path add(Keystore keystore) throws IOException {
    String name = keystore.name().orElseThrow(() -> new IllegalArgumentException("no name"));
    Path file = file(name);
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(
          file.toString(), null, "a key named '" + name + "' exists; rotate it, or choose a name");
    }
    KeystoreFiles.write(keystore, file, false);
    return file;
  }

  /** Why and when a key left service, and what took its place. */
  public record Revocation(
      String name,
      Optional<Role> role,
      PublicKey publicKey,
      Optional<Instant> created,
      Instant revoked,
      String reason,
      Optional<PublicKey> replacedBy,
      Path keystore) {}

  /**
   * Takes {@code name} out of service: its keystore moves to {@code revoked/} unchanged, beside a
   * record; with a {@code replacement}, that keystore takes the name.
   */
  public Revocation revoke(String name, Instant at, String reason, Optional<Keystore> replacement)
      throws IOException, KeystoreException {
    Keystore old = read(name);
    PublicKey key = old.publicKey();
    Optional<PublicKey> next = Optional.empty();
    if (replacement.isPresent()) {
      next = Optional.of(replacement.get().publicKey());
    }
    String stem = name + "-" + key.address().hex();
    Path revokedDir = dir.resolve(REVOKED);
    Files.createDirectories(revokedDir);
    Path kept = revokedDir.resolve(stem + ".json");
    Path record = revokedDir.resolve(stem + RECORD);
    if (Files.exists(kept) || Files.exists(record)) {
      throw new FileAlreadyExistsException(
          kept.toString(), null, "this key of '" + name + "' was revoked before; nothing changed");
    }
    Revocation r = new Revocation(name, old.role(), key, old.created(), at, reason, next, kept);
    // Moved first: a crash before the record leaves the old key out of service, never in it twice.
    Files.move(file(name), kept, StandardCopyOption.ATOMIC_MOVE);
    KeystoreFiles.writePrivate(record, toJson(r), false);
    if (replacement.isPresent()) {
      KeystoreFiles.write(replacement.get(), file(name), false);
    }
    return r;
  }

  /** One line of a listing. */
  public record Entry(
      String name,
      Optional<Role> role,
      Address address,
      Optional<Instant> created,
      Optional<Revocation> revocation) {}

  /** A file that is not what its place says it is. */
  public record Problem(Path file, String message) {}

  public record Listing(List<Entry> entries, List<Problem> problems) {}

  /** Every key in service, then every revoked one, by name; unreadable files as problems. */
  public Listing list() throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path f : jsonFiles(dir, ".json")) {
      String name = f.getFileName().toString().replaceFirst("\\.json$", "");
      try {
        Keystore k = KeystoreFiles.read(f);
        entries.add(
            new Entry(name, k.role(), k.publicKey().address(), k.created(), Optional.empty()));
      } catch (KeystoreException | IOException e) {
        problems.add(new Problem(f, e.getMessage()));
      }
    }
    List<Entry> revoked = new ArrayList<>();
    for (Path f : jsonFiles(dir.resolve(REVOKED), RECORD)) {
      try {
        Revocation r = fromJson(f);
        revoked.add(
            new Entry(r.name(), r.role(), r.publicKey().address(), r.created(), Optional.of(r)));
      } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
        problems.add(new Problem(f, "not a revocation record: " + e.getMessage()));
      }
    }
    revoked.sort(
        Comparator.comparing((Entry e) -> e.name())
            .thenComparing(e -> e.revocation().get().revoked()));
    entries.addAll(revoked);
    return new Listing(entries, problems);
  }

  private static List<Path> jsonFiles(Path in, String suffix) throws IOException {
    if (!Files.isDirectory(in)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(in)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static String toJson(Revocation r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", r.name());
    r.role().ifPresent(role -> o.put("role", role.key()));
    o.put("pubkey", r.publicKey().hex());
    o.put("address", r.publicKey().address().hex());
    r.created().ifPresent(c -> o.put("created", c.toString()));
    o.put("revoked", r.revoked().toString());
    o.put("reason", r.reason());
    r.replacedBy().ifPresent(k -> o.put("replacedBy", k.hex()));
    o.put("keystore", r.keystore().getFileName().toString());
    return o.toPrettyString() + "\n";
  }

  private static Revocation fromJson(Path f) throws IOException {
    JsonNode o = JSON.readTree(Files.readString(f));
    return new Revocation(
        required(o, "name"),
        Optional.ofNullable(o.get("role")).map(JsonNode::asText).flatMap(Role::of),
        PublicKey.fromHex(required(o, "pubkey")),
        Optional.ofNullable(o.get("created")).map(n -> Instant.parse(n.asText())),
        Instant.parse(required(o, "revoked")),
        required(o, "reason"),
        Optional.ofNullable(o.get("replacedBy")).map(n -> PublicKey.fromHex(n.asText())),
        f.resolveSibling(required(o, "keystore")));
  }

  private static String required(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(field + ": missing");
    }
    return n.asText();
  }
}
