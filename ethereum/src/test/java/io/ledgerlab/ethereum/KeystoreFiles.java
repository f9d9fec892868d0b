package io.ledgerlab.ethereum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.protocol.ObjectMapperFactory;

/** Keystore files for tests: light scrypt, so that writing and opening them is quick. */
final class KeystoreFiles {
  private KeystoreFiles() {}

  /** Writes {@code count} accounts into {@code dir} as account-N.json; their addresses. */
  static List<String> write(Path dir, int count, String password) throws Exception {
    Files.createDirectories(dir);
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ECKeyPair key = Keys.createEcKeyPair();
      ObjectMapperFactory.getObjectMapper()
          .writeValue(
              dir.resolve("account-" + i + ".json").toFile(), Wallet.createLight(password, key));
      addresses.add(Credentials.create(key).getAddress());
    }
    return addresses;
  }
}
