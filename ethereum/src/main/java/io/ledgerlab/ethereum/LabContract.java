package io.ledgerlab.ethereum;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A contract the lab deploys in {@link EthereumChain#ready}: its creation code, compiled by solc
 * 0.8.28 from {@code ethereum/src/main/solidity} and kept beside the source ({@code
 * EthereumContractTest} recompiles and compares), and where the run deployed it.
 */
abstract class LabContract {
  private final AtomicReference<String> address = new AtomicReference<>();

  /** Where the run deployed it. */
  String address() {
    String a = address.get();
    if (a == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " is not deployed yet");
    }
    return a;
  }

  void deployedAt(String contract) {
    address.set(contract);
  }

  /** The creation code in {@code name}, a resource beside this class, as hex. */
  static String load(String name) {
    try (InputStream in = LabContract.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the ethereum jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
