package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.chaincode.ChainCodeLimitException;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.state.WorkingState;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxContextTest {
  private static final String TOO_LONG = "x".repeat(Receipt.ATTRIBUTE_BYTES_MAX + 1);
  private static final String LONE_SURROGATE = "\uD800";

  private final TxContext context =
      TxContext.forCall(
          new WorkingState(new StateStore(new MemoryDisk())),
          "kv",
          Address.of(new byte[Address.LENGTH]),
          1,
          0);

  /** A map that iterates in the order given, as a chain code's map may. */
  private static Map<String, String> inOrder(String k1, String v1, String k2, String v2) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  @Test
  void theFirstOversizedAttributeInKeyOrderNamesTheLimit() {
    assertThatThrownBy(() -> context.emit("e", inOrder("z", TOO_LONG, "a", TOO_LONG)))
        .isInstanceOf(ChainCodeLimitException.class)
        .hasMessage("event attribute 'a' exceeds its size limit");
    assertThatThrownBy(() -> context.emit("e", inOrder("a", TOO_LONG, "z", TOO_LONG)))
        .hasMessage("event attribute 'a' exceeds its size limit");
  }

  @Test
  void theFirstMalformedAttributeInKeyOrderNamesTheLimit() {
    assertThatThrownBy(() -> context.emit("e", inOrder("z", LONE_SURROGATE, "a", LONE_SURROGATE)))
        .isInstanceOf(ChainCodeLimitException.class)
        .hasMessage("event attribute 'a' is not well-formed Unicode");
  }

  @Test
  void aMapThatUnderstatesItsSizeCannotOverfillAReceipt() {
    Map<String, String> many = new java.util.TreeMap<>();
    for (int i = 0; i < Receipt.ATTRIBUTES_MAX + 10; i++) {
      many.put("k" + i, "v");
    }
    Map<String, String> liar =
        new java.util.AbstractMap<>() {
          @Override
          public int size() {
            return 1;
          }

          @Override
          public java.util.Set<Map.Entry<String, String>> entrySet() {
            return many.entrySet();
          }
        };
    assertThatThrownBy(() -> context.emit("e", liar))
        .isInstanceOf(ChainCodeLimitException.class)
        .hasMessage("event 'e' has more than " + Receipt.ATTRIBUTES_MAX + " attributes");
  }
}
