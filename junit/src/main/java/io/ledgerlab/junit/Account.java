package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Address;

/** One of a network's funded test accounts: its index in genesis and its address. */
public record Account(int index, Address address) {
  @Override
  public String toString() {
    return "account " + index + " (" + address.hex().substring(0, 8) + ")";
  }
}
