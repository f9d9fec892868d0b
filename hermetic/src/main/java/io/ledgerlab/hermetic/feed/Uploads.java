package io.ledgerlab.hermetic.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.tuf.CanonicalJson;
import io.ledgerlab.hermetic.tuf.Key;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.hermetic.tuf.TufException;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.runtime.disk.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an agent sends back for an instruction: its files (a run's summary and report, collected
 * logs, an upgrade's outcome) and {@code upload.json}, which lists each file's length and SHA-256
 * with the outcome and is signed by the agent's key. The operator trusts an upload only as far as
 * {@link #verify} does: the signature by the agent key they hold, and every file as listed.
 */
public final class Uploads {
  public static final String MANIFEST = "upload.json";

  /** File names an upload may carry: flat, and safe on any file system. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /** What an upload says, once verified. */
  public record Verified(
      String agent,
      String instruction,
      String state,
      String detail,
      Instant at,
      Map<String, Long> files) {}

  private Uploads() {}

  /**
   * Writes {@code upload.json} into {@code dir}, listing every other file there, signed by {@code
   * agent}.
   */
  public static void sign(
      Path dir,
      KeyPair agent,
      String instruction,
      String instructionSha256,
      String state,
      String detail,
      Instant at)
      throws IOException {
    ObjectNode signed = StrictJson.MAPPER.createObjectNode();
    signed.put("_type", "upload");
    signed.put("agent", new Key(agent.publicKey()).id());
    signed.put("instruction", instruction);
    signed.put("instructionSha256", instructionSha256);
    signed.put("state", state);
    signed.put("detail", detail);
    signed.put("at", at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    ObjectNode files = signed.putObject("files");
    for (Path f : files(dir)) {
      byte[] bytes = Files.readAllBytes(f);
      files
          .putObject(f.getFileName().toString())
          .put("length", bytes.length)
          .put("sha256", Sha256.hash(bytes).hex());
    }
    ObjectNode doc = StrictJson.MAPPER.createObjectNode();
    doc.set("signed", signed);
    doc.putArray("signatures")
        .addObject()
        .put("keyid", new Key(agent.publicKey()).id())
        .put("sig", agent.sign(CanonicalJson.encode(signed)).hex());
    DurableFiles.write(
        dir.resolve(MANIFEST),
        StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
  }

  /**
   * The directory an upload is stored under, beside others for the same instruction: the first 16
   * hex digits of its manifest's SHA-256. It depends on the agent's signature, so nobody can take
   * the place of an upload before the agent sends it.
   */
  public static String tag(Path dir) throws IOException {
    return Sha256.hash(Files.readAllBytes(dir.resolve(MANIFEST))).hex().substring(0, 16);
  }

  /** The files of an upload directory other than its manifest, by name. */
  public static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(MANIFEST))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  /**
   * Verifies an upload directory against the agent key the operator holds: the manifest signed by
   * it, every file present with the listed length and hash, and no file the manifest does not list.
   */
  public static Verified verify(Path dir, Key agent) throws TufException, IOException {
    String where = dir.resolve(MANIFEST).toString();
    if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
      throw new TufException(TufException.Reason.MISSING, where + ": no manifest");
    }
    JsonNode doc = StrictJson.parse(Files.readAllBytes(dir.resolve(MANIFEST)), where);
    JsonNode signed = StrictJson.object(doc, "signed", where);
    if (!"upload".equals(StrictJson.text(signed, "_type", where))) {
      throw StrictJson.malformed(where, "signed._type", "expected upload");
    }
    byte[] message = CanonicalJson.encode(signed);
    boolean valid = false;
    for (JsonNode s : StrictJson.array(doc, "signatures", where)) {
      if (agent.id().equals(s.path("keyid").asText())
          && agent.verifies(message, s.path("sig").asText())) {
        valid = true;
      }
    }
    if (!valid || !agent.id().equals(StrictJson.text(signed, "agent", where))) {
      throw new TufException(
          TufException.Reason.THRESHOLD, where + ": not signed by the agent key " + agent.id());
    }
    Map<String, Long> files = new LinkedHashMap<>();
    JsonNode listed = StrictJson.object(signed, "files", where);
    Iterator<Map.Entry<String, JsonNode>> it = listed.fields();
    List<String> names = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      if (!NAME.matcher(name).matches()) {
        throw StrictJson.malformed(where, "files", "unsafe file name " + name);
      }
      Path f = dir.resolve(name);
      if (!Files.isRegularFile(f)) {
        throw new TufException(TufException.Reason.MISSING, where + ": " + name + " is missing");
      }
      byte[] bytes = Files.readAllBytes(f);
      long length = StrictJson.length(e.getValue(), "length", where + ".files." + name);
      String sha = StrictJson.hex(e.getValue(), "sha256", 32, where + ".files." + name);
      if (bytes.length != length) {
        throw new TufException(
            TufException.Reason.LENGTH_MISMATCH,
            name + ": " + bytes.length + " bytes, signed " + length);
      }
      if (!Sha256.hash(bytes).hex().equals(sha)) {
        throw new TufException(TufException.Reason.HASH_MISMATCH, name + ": not the file signed");
      }
      files.put(name, length);
      names.add(name);
    }
    for (Path f : files(dir)) {
      if (!names.contains(f.getFileName().toString())) {
        throw new TufException(
            TufException.Reason.MALFORMED, f + ": a file the agent did not sign");
      }
    }
    return new Verified(
        agent.id(),
        StrictJson.text(signed, "instruction", where),
        StrictJson.text(signed, "state", where),
        StrictJson.text(signed, "detail", where),
        Instant.parse(StrictJson.text(signed, "at", where)),
        files);
  }
}
