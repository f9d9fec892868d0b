package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kit's call context enforces the node's limits as the node's TxContext does. */
class KitContextTest {
  @Test
  void aCaughtBytesLimitLeavesRoomForTheWritesANodeAccepts() {
    ChainCodeKit.of(new KitEdges())
        .invoke("nearlyFullThenTooMuchThenSmall", new byte[0])
        .assertOk();
  }

  @Test
  void theAttributeCountIsTheCopysNotWhatTheMapSays() {
    ChainCodeKit.of(new KitEdges()).invoke("lyingMap", new byte[0]).assertFails("LIMIT_EXCEEDED");
  }

  @Test
  void eventStringsThatAreNotWellFormedUnicodeAreRefusedAsOnANode() {
    ChainCodeKit kit = ChainCodeKit.of(new KitEdges());
    assertThat(kit.invoke("loneSurrogateType", new byte[0]).assertFails("LIMIT_EXCEEDED").message())
        .contains("well-formed");
    assertThat(
            kit.invoke("loneSurrogateValue", new byte[0]).assertFails("LIMIT_EXCEEDED").message())
        .contains("well-formed");
  }
}
