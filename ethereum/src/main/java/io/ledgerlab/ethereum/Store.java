package io.ledgerlab.ethereum;

import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Hash;

/**
 * The lab's key-value contract ({@code LabStore.sol}): the kv workload's updates, deletes and reads
 * as contract calls. A workload key becomes its keccak-256, one slot of the contract's map.
 */
final class Store extends LabContract {
  private static final String BYTECODE = load("LabStore.bin");

  /** Creation code: the contract takes no constructor arguments. */
  static String creation() {
    return "0x" + BYTECODE;
  }

  static String put(byte[] key, byte[] value) {
    return FunctionEncoder.encode(
        new Function("put", List.of(slot(key), new DynamicBytes(value)), List.of()));
  }

  static String remove(byte[] key) {
    return FunctionEncoder.encode(new Function("remove", List.of(slot(key)), List.of()));
  }

  static String get(byte[] key) {
    return FunctionEncoder.encode(new Function("get", List.of(slot(key)), List.of()));
  }

  private static Bytes32 slot(byte[] key) {
    return new Bytes32(Hash.sha3(key));
  }

  /** The bytecode the jar carries, for the test that recompiles the source. */
  static String bytecode() {
    return BYTECODE;
  }
}
