package io.ledgerlab.hermetic.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.hermetic.tuf.CanonicalJson;
import io.ledgerlab.hermetic.tuf.Key;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.hermetic.tuf.TufException;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload verifies only as the agent signed it: by the agent key the operator holds, with every
 * file present, unchanged, and listed.
 */
class UploadsTest {
  private static final KeyPair AGENT = FeedFixture.AGENT;
  private static final Key AGENT_KEY = new Key(AGENT.publicKey());
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00.750Z");
  private static final String INSTRUCTION_SHA = Sha256.hash(new byte[] {1}).hex();

  @TempDir Path tmp;
  private Path dir;

  @BeforeEach
  void files() throws Exception {
    dir = Files.createDirectory(tmp.resolve("upload"));
    Files.writeString(dir.resolve("summary.txt"), "valid: true\n");
    Files.writeString(dir.resolve("report.json"), "{\"ops\": 12}\n");
  }

  private void sign(KeyPair key) throws Exception {
    Uploads.sign(dir, key, "run-1", INSTRUCTION_SHA, "done", "ran 12 ops", AT);
  }

  private TufException refused() {
    TufException e = catchThrowableOfType(TufException.class, () -> Uploads.verify(dir, AGENT_KEY));
    assertThat(e).as("the upload is refused").isNotNull();
    return e;
  }

  @Test
  void aSignedUploadVerifies() throws Exception {
    sign(AGENT);
    Uploads.Verified v = Uploads.verify(dir, AGENT_KEY);
    assertThat(v)
        .isEqualTo(
            new Uploads.Verified(
                AGENT_KEY.id(),
                "run-1",
                "done",
                "ran 12 ops",
                Instant.parse("2026-11-29T10:00:00Z"),
                Map.of("report.json", 12L, "summary.txt", 12L)));
    assertThat(Uploads.files(dir))
        .containsExactly(dir.resolve("report.json"), dir.resolve("summary.txt"));
  }

  @Test
  void anEmptyUploadVerifies() throws Exception {
    Files.delete(dir.resolve("summary.txt"));
    Files.delete(dir.resolve("report.json"));
    Uploads.sign(dir, AGENT, "logs", INSTRUCTION_SHA, "interrupted", "cut short", AT);
    Uploads.Verified v = Uploads.verify(dir, AGENT_KEY);
    assertThat(v.state()).isEqualTo("interrupted");
    assertThat(v.files()).isEmpty();
  }

  @Test
  void aFileChangedAfterSigningIsRefused() throws Exception {
    sign(AGENT);
    Files.writeString(dir.resolve("summary.txt"), "valid: fals\n");
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.HASH_MISMATCH);
    assertThat(e).hasMessage("HASH_MISMATCH: summary.txt: not the file signed");
  }

  @Test
  void aFileOfAnotherLengthIsRefused() throws Exception {
    sign(AGENT);
    Files.writeString(dir.resolve("summary.txt"), "valid: false\n");
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.LENGTH_MISMATCH);
    assertThat(e).hasMessage("LENGTH_MISMATCH: summary.txt: 13 bytes, signed 12");
  }

  @Test
  void aFileTheAgentDidNotListIsRefused() throws Exception {
    sign(AGENT);
    Files.writeString(dir.resolve("extra.txt"), "planted\n");
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.MALFORMED);
    assertThat(e).hasMessageEndingWith("extra.txt: a file the agent did not sign");
  }

  @Test
  void aMissingFileIsRefused() throws Exception {
    sign(AGENT);
    Files.delete(dir.resolve("report.json"));
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.MISSING);
    assertThat(e).hasMessageEndingWith("report.json is missing");
  }

  @Test
  void aMissingManifestIsRefused() {
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.MISSING);
    assertThat(e).hasMessageEndingWith("upload.json: no manifest");
  }

  @Test
  void anUploadSignedByAnotherKeyIsRefused() throws Exception {
    sign(FeedFixture.key(42));
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.THRESHOLD);
    assertThat(e).hasMessageEndingWith("not signed by the agent key " + AGENT_KEY.id());
  }

  @Test
  void aChangedManifestFieldIsRefused() throws Exception {
    sign(AGENT);
    Path manifest = dir.resolve(Uploads.MANIFEST);
    String text = Files.readString(manifest);
    assertThat(text).contains("\"state\" : \"done\"");
    Files.writeString(manifest, text.replace("\"state\" : \"done\"", "\"state\" : \"failed\""));
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.THRESHOLD);
  }

  @Test
  void aManifestClaimingAnotherAgentIsRefused() throws Exception {
    // Signed by the agent key, but naming another agent: what it says of itself must hold too.
    ObjectNode signed = manifest();
    signed.put("agent", new Key(FeedFixture.key(42).publicKey()).id());
    writeSigned(signed);
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.THRESHOLD);
  }

  @Test
  void aManifestListingAnUnsafeNameIsRefused() throws Exception {
    Files.writeString(tmp.resolve("outside.txt"), "x");
    ObjectNode signed = manifest();
    ObjectNode files = (ObjectNode) signed.get("files");
    files
        .putObject("../outside.txt")
        .put("length", 1)
        .put("sha256", Sha256.hash("x".getBytes(StandardCharsets.UTF_8)).hex());
    writeSigned(signed);
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.MALFORMED);
    assertThat(e).hasMessageEndingWith("files: unsafe file name ../outside.txt");
  }

  @Test
  void aManifestOfAnotherTypeIsRefused() throws Exception {
    ObjectNode signed = manifest();
    signed.put("_type", "targets");
    writeSigned(signed);
    TufException e = refused();
    assertThat(e.reason()).isEqualTo(TufException.Reason.MALFORMED);
    assertThat(e).hasMessageEndingWith("signed._type: expected upload");
  }

  /** The signed part of a manifest as the agent writes it, to be changed and signed again. */
  private ObjectNode manifest() throws Exception {
    sign(AGENT);
    return (ObjectNode)
        StrictJson.MAPPER.readTree(dir.resolve(Uploads.MANIFEST).toFile()).get("signed");
  }

  private void writeSigned(ObjectNode signed) throws Exception {
    ObjectNode doc = StrictJson.MAPPER.createObjectNode();
    doc.set("signed", signed);
    doc.putArray("signatures")
        .addObject()
        .put("keyid", AGENT_KEY.id())
        .put("sig", AGENT.sign(CanonicalJson.encode(signed)).hex());
    Files.write(dir.resolve(Uploads.MANIFEST), StrictJson.MAPPER.writeValueAsBytes(doc));
  }
}
