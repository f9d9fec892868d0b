package io.ledgerlab.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.crypto.Address;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** State keys read back into what they name, and bytes as people read them. */
class StateKeyTest {
  private static final Address A =
      Address.of(
          new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});

  @Test
  void everyKindOfKeyReadsBackToItself() {
    StateKey[] keys = {
      new StateKey.AccountKey(A),
      new StateKey.ChainCodeData("kv", "user7".getBytes(StandardCharsets.UTF_8)),
      new StateKey.ChainCodeData("kv", new byte[0]),
      new StateKey.Version("counter"),
      new StateKey.Upgrade(1_000_000_007L, "counter"),
    };
    for (StateKey k : keys) {
      assertThat(StateKey.decode(k.raw())).isEqualTo(k);
    }
    assertThat(StateKey.decode(StateKeys.account(A))).isEqualTo(keys[0]);
    assertThat(StateKey.decode(StateKeys.upgrade(7, "kv")))
        .isEqualTo(new StateKey.Upgrade(7, "kv"));
  }

  @Test
  void keysThatFitNoSpaceAreUnknownNeverAnError() {
    assertThat(StateKey.decode(new byte[0])).isInstanceOf(StateKey.Unknown.class);
    assertThat(StateKey.decode(new byte[] {0x09, 1})).isInstanceOf(StateKey.Unknown.class);
    assertThat(StateKey.decode(new byte[] {StateKeys.ACCOUNT, 1, 2}))
        .isInstanceOf(StateKey.Unknown.class);
    // A chain-code space whose name is longer than the key.
    assertThat(StateKey.decode(new byte[] {StateKeys.CHAIN_CODE_DATA, 9, 'k'}))
        .isInstanceOf(StateKey.Unknown.class);
    // A version record whose name is not UTF-8.
    assertThat(StateKey.decode(new byte[] {StateKeys.CHAIN_CODE_VERSION, (byte) 0xff}).describe())
        .isEqualTo("key 0x03ff, which fits no space of the state");
  }

  @Test
  void descriptionsNameWhatAKeyIs() {
    assertThat(
            new StateKey.ChainCodeData("kv", "user7".getBytes(StandardCharsets.UTF_8)).describe())
        .isEqualTo("chain code kv key \"user7\"");
    assertThat(new StateKey.ChainCodeData("kv", new byte[] {0, 1}).describe())
        .isEqualTo("chain code kv key 0x0001");
    assertThat(new StateKey.AccountKey(A).describe()).isEqualTo("account " + A.hex());
    assertThat(new StateKey.Upgrade(9, "kv").describe())
        .isEqualTo("upgrade of chain code kv scheduled at height 9");
    assertThat(StateKey.readable(new byte[0])).isEqualTo("0x (empty)");
  }
}
