package io.ledgerlab.ethereum;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/** The lab's ERC-20 token ({@code LabToken.sol}) and the calls the lab makes. */
final class Token extends LabContract {
  private static final String BYTECODE = load("LabToken.bin");

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

  static String approve(String spender, BigInteger value) {
    return FunctionEncoder.encode(
        new Function("approve", List.of(new Address(spender), new Uint256(value)), List.of()));
  }

  static String balanceOf(String holder) {
    return FunctionEncoder.encode(
        new Function("balanceOf", List.of(new Address(holder)), List.of()));
  }

  static String totalSupply() {
    return FunctionEncoder.encode(new Function("totalSupply", List.of(), List.of()));
  }

  /** The bytecode the jar carries, for the test that recompiles the source. */
  static String bytecode() {
    return BYTECODE;
  }
}
