package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.ChainCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain-code class becomes the jar a node installs, byte for byte the same each time. */
class ChainCodeJarTest {
  @TempDir Path dir;

  @Test
  void theJarHoldsTheClassItsNestedClassesAndTheServiceEntry() throws Exception {
    Path jar = ChainCodeJar.write(Auction.class, dir);

    List<String> names = new ArrayList<>();
    try (JarFile f = new JarFile(jar.toFile())) {
      f.stream().map(JarEntry::getName).forEach(names::add);
      String service =
          new String(
              f.getInputStream(f.getEntry("META-INF/services/" + ChainCode.class.getName()))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(service.trim()).isEqualTo(Auction.class.getName());
    }
    assertThat(names)
        .contains(
            "io/ledgerlab/junit/Auction.class",
            "io/ledgerlab/junit/Auction$Deadline.class",
            "META-INF/MANIFEST.MF")
        .noneMatch(n -> n.startsWith("io/ledgerlab/chaincode/"));
  }

  @Test
  void theSameClassMakesTheSameBytes() throws Exception {
    byte[] first = Files.readAllBytes(ChainCodeJar.write(Auction.class, dir.resolve("a")));
    byte[] second = Files.readAllBytes(ChainCodeJar.write(Auction.class, dir.resolve("b")));
    assertThat(first).isEqualTo(second);
  }

  @Test
  void aClassTheNodeCannotMakeIsRefusedSayingWhy() {
    assertThatThrownBy(() -> ChainCodeJar.write(NoDefaultConstructor.class, dir))
        .hasMessageContaining("public no-argument constructor");
  }

  @Test
  void theJarBringsTheSuperclassAndHelpersTheClassReaches() throws Exception {
    Path jar = ChainCodeJar.write(io.ledgerlab.junit.campaign.OversellingTickets.class, dir);
    List<String> names = new ArrayList<>();
    try (JarFile f = new JarFile(jar.toFile())) {
      f.stream().map(JarEntry::getName).forEach(names::add);
    }
    assertThat(names)
        .contains(
            "io/ledgerlab/junit/campaign/OversellingTickets.class",
            "io/ledgerlab/junit/campaign/Tickets.class")
        .noneMatch(n -> n.startsWith("io/ledgerlab/chaincode/") || n.startsWith("java/"));
  }

  /** Not installable: the node makes chain code through a public no-argument constructor. */
  public static final class NoDefaultConstructor extends AuctionBase {
    public NoDefaultConstructor(int unused) {}
  }

  /** A stand-in parent, so the refused class compiles as chain code. */
  public abstract static class AuctionBase implements ChainCode {
    @Override
    public String name() {
      return "x";
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public io.ledgerlab.chaincode.Outcome invoke(
        io.ledgerlab.chaincode.CallContext c, String m, byte[] a) {
      return io.ledgerlab.chaincode.Outcome.ok();
    }

    @Override
    public io.ledgerlab.chaincode.Outcome query(
        io.ledgerlab.chaincode.QueryContext c, String m, byte[] a) {
      return io.ledgerlab.chaincode.Outcome.ok();
    }
  }
}
