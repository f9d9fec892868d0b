package io.ledgerlab.ethereum;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The lab's ERC-20 token ({@code ethereum/src/main/solidity/LabToken.sol}): its creation code,
 * compiled by solc 0.8.28 and kept beside the source ({@code EthereumContractTest} recompiles and
 * compares), the calls the lab makes, and where a run deployed it.
 */
final class Token {
  private static final String BYTECODE = load();

  private final AtomicReference<String> address = new AtomicReference<>();

  /**
   * Creation code and constructor arguments: {@code each} tokens to every one of {@code holders}.
   */
  static String creation(List<String> holders, BigInteger each) {
    List<Address> addresses = holders.stream().map(Address::new).toList();
    return "0x"
        + BYTECODE
        + FunctionEncoder.encodeConstructor(
            List.<Type>of(new DynamicArray<>(Address.class, addresses), new Uint256(each)));
  }

  static String transfer(String to, BigInteger value) {
    return FunctionEncoder.encode(
        new Function("transfer", List.of(new Address(to), new Uint256(value)), List.of()));
  }

  static String balanceOf(String holder) {
    return FunctionEncoder.encode(
        new Function("balanceOf", List.of(new Address(holder)), List.of()));
  }

  static String totalSupply() {
    return FunctionEncoder.encode(new Function("totalSupply", List.of(), List.of()));
  }

  /** Where the run deployed it; empty until {@link EthereumChain#ready} did. */
  String address() {
    String a = address.get();
    if (a == null) {
      throw new IllegalStateException("the token is not deployed yet");
    }
    return a;
  }

  void deployedAt(String contract) {
    address.set(contract);
  }

  private static String load() {
    try (InputStream in = Token.class.getResourceAsStream("LabToken.bin")) {
      if (in == null) {
        throw new IllegalStateException("LabToken.bin is missing from the ethereum jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytecode the jar carries, for the test that recompiles the source. */
  static String bytecode() {
    return BYTECODE;
  }
}
