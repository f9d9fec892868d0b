package io.ledgerlab.ethereum;

import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * The funded accounts of a run: the keys a BIP-39 mnemonic gives on the path {@code
 * m/44'/60'/0'/0/i}, the same ones anvil and Hardhat fund from that mnemonic.
 */
final class Accounts {
  private static final int HARDENED = Bip32ECKeyPair.HARDENED_BIT;

  private final List<Credentials> keys;

  private Accounts(List<Credentials> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Accounts whose keys come from elsewhere (a keystore). */
  static Accounts of(List<Credentials> keys) {
    return new Accounts(keys);
  }

  static Accounts derive(String mnemonic, int count) {
    Bip32ECKeyPair master =
        Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(mnemonic, ""));
    List<Credentials> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, i};
      keys.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path)));
    }
    return new Accounts(keys);
  }

  int size() {
    return keys.size();
  }

  Credentials key(int account) {
    return keys.get(account);
  }

  /** The address of account {@code i}, as 0x and 40 lowercase hex digits. */
  String address(int account) {
    return keys.get(account).getAddress();
  }

  List<String> addresses() {
    return keys.stream().map(Credentials::getAddress).toList();
  }
}
